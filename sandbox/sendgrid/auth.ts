// API keys: SendGrid's are "SG.<id>.<secret>". The sandbox accepts any key of that
// shape, so each developer can use their own; markers in the key choose a behaviour.
import { bearerToken, type Ctx } from "../core/context";
import type { SendGridError } from "./errors";
import { SENDGRID_STATE } from "./state";

const KEY_SHAPE = /^SG\.[\w-]+\.[\w-]+$/;
export const INVALID_GRANT = "The provided authorization grant is invalid, expired, or revoked";

export type KeyCheck = { ok: true; key: string; canSend: boolean; canReadTemplates: boolean } | { ok: false; error: SendGridError };

export function checkKey(ctx: Ctx): KeyCheck {
  const key = bearerToken(ctx);
  if (!key) return { ok: false, error: { field: null, message: "authorization required" } };
  const state = SENDGRID_STATE.of(ctx.rt);
  // A key containing "invalid" is refused, like a deleted key.
  if (!KEY_SHAPE.test(key) || key.includes("invalid") || state.revokedKeys.has(key)) {
    return { ok: false, error: { field: null, message: INVALID_GRANT } };
  }
  state.seenKeys.add(key);
  // A key containing "nosend" lacks the mail.send permission, like a read-only key;
  // one containing "notemplates" lacks templates.read, like a key made with Mail Send access only.
  return { ok: true, key, canSend: !key.includes("nosend"), canReadTemplates: !key.includes("notemplates") };
}

/** What GET /v3/scopes lists for a key. */
export function scopesOf(key: { canSend: boolean; canReadTemplates: boolean }): string[] {
  const common = ["alerts.read", "stats.read", ...(key.canReadTemplates ? ["templates.read"] : []), "user.profile.read", "scopes.read"];
  return key.canSend ? ["mail.send", "mail.batch.create", "mail.batch.read", ...common] : common;
}
