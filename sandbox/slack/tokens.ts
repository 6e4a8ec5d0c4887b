import { randomToken } from "../core/ids";
import type { SlackState, SlackToken } from "./state";

/** Bot tokens as Slack shapes them (xoxb-…), marked so nobody mistakes one for a real token. */
export function issueBotToken(state: SlackState, scopes: string[]): SlackToken {
  const token: SlackToken = { token: `xoxb-sandbox-${state.tokens.size + 1}-${randomToken(18)}`, scopes: [...new Set(scopes)], revoked: false };
  state.tokens.set(token.token, token);
  return token;
}

/** Every scope an emulated method can need, for tokens minted through the control API. */
export const ALL_BOT_SCOPES = [
  "chat:write",
  "chat:write.public",
  "channels:read",
  "channels:manage",
  "channels:join",
  "groups:read",
  "groups:write",
  "users:read",
  "users:read.email",
];
