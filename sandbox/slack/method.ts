// The shape of one emulated Web API method.
import type { Ctx } from "../core/context";
import type { SlackState, SlackToken } from "./state";

export type SlackArgs = Record<string, unknown>;

export type SlackAnswer = { ok: boolean; [key: string]: unknown };

export interface SlackCall {
  ctx: Ctx;
  state: SlackState;
  args: SlackArgs;
  /** The authenticated token; null only for methods that take none (oauth.v2.access). */
  token: SlackToken | null;
  now: number;
}

export interface SlackMethod {
  auth: boolean;
  /** Any one of these grants the method; the first is what `needed` names. Omitted: checked by the method. */
  scopes?: string[];
  run(call: SlackCall): SlackAnswer;
}

export function fail(error: string, extra: Record<string, unknown> = {}): SlackAnswer {
  return { ok: false, error, ...extra };
}

export function missingScope(token: SlackToken | null, anyOf: string[]): SlackAnswer | null {
  if (!token || anyOf.some((s) => token.scopes.includes(s))) return null;
  return fail("missing_scope", { needed: anyOf[0], provided: token.scopes.join(",") });
}
