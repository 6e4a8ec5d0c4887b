// Basic auth as Twilio takes it: the Account SID with its auth token, or an API key
// SID (SK…) with its secret. Any pair of the right shape opens an account on first
// use, and from then on only that token (or that key's secret) opens it.
import { timingSafeEqual } from "node:crypto";
import { basicCredentials, type Ctx } from "../core/context";
import { unauthenticated, type TwilioAnswer } from "./errors";
import { ACCOUNT_SID, KEY_SID, stableSid } from "./ids";
import { pick } from "../core/ids";
import type { TwilioAccount, TwilioState } from "./state";
import { SANDBOX_TEMPLATES } from "./templates";

const TOKEN = /^[0-9a-zA-Z]{32}$/;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The numbers every new account gets; fictional (555-01xx), never anyone's phone. */
function newAccount(sid: string, authToken: string, nowMs: number): TwilioAccount {
  const base = (parseInt(sid.slice(-4), 16) % 45) * 2;
  const numbers = [1, 2].map((n) => {
    const phoneNumber = `+120255501${String(base + n).padStart(2, "0")}`;
    return { sid: stableSid("PN", `${sid}:${n}`), phoneNumber, friendlyName: `Sandbox number ${n}`, smsUrl: null, createdAt: nowMs };
  });
  const service = { sid: stableSid("MG", sid), friendlyName: "Sandbox Notifications", numbers: [numbers[1]!.phoneNumber], inboundRequestUrl: null, createdAt: nowMs };
  const templates = SANDBOX_TEMPLATES.map((t) => ({ ...t, sid: stableSid("HX", `${sid}:${t.friendlyName}`), createdAt: nowMs }));
  return { sid, authToken, friendlyName: "Sandbox account", createdAt: nowMs, numbers, services: [service], templates };
}

export function accountFor(state: TwilioState, sid: string, authToken: string, nowMs: number): TwilioAccount {
  let account = state.accounts.get(sid);
  if (!account) state.accounts.set(sid, (account = newAccount(sid, authToken, nowMs)));
  return account;
}

/**
 * The account the request may act for. `pathAccount` is the SID in the URL (the
 * 2010 API names it; Messaging v1 takes it from the credentials).
 */
export function authenticate(ctx: Ctx, state: TwilioState, pathAccount: string | null, nowMs: number): TwilioAccount | TwilioAnswer {
  const creds = basicCredentials(ctx);
  if (!creds || state.revokedKeys.has(creds.id)) return unauthenticated();
  if (ACCOUNT_SID.test(creds.id)) {
    if (!TOKEN.test(creds.secret)) return unauthenticated();
    const known = state.accounts.get(creds.id);
    if (known && !same(known.authToken, creds.secret)) return unauthenticated();
    if (pathAccount !== null && pathAccount !== creds.id) return unauthenticated();
    state.seenKeys.add(creds.id);
    return accountFor(state, creds.id, creds.secret, nowMs);
  }
  if (KEY_SID.test(creds.id)) {
    if (creds.secret.length < 8) return unauthenticated();
    const key = state.apiKeys.get(creds.id);
    if (key && !same(key.secret, creds.secret)) return unauthenticated();
    const accountSid = key?.accountSid ?? pathAccount;
    // A key's first use must name its account (the 2010 API's path does).
    if (accountSid === null || (pathAccount !== null && pathAccount !== accountSid)) return unauthenticated();
    if (!key) state.apiKeys.set(creds.id, { secret: creds.secret, accountSid });
    state.seenKeys.add(creds.id);
    // An account first met through a key gets a token no one knows yet, as a real account has one.
    return state.accounts.get(accountSid) ?? accountFor(state, accountSid, pick("0123456789abcdef", 32), nowMs);
  }
  return unauthenticated();
}

export function isAnswer(v: TwilioAccount | TwilioAnswer): v is TwilioAnswer {
  return "status" in v && "body" in v;
}
