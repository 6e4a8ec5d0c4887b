// Revoking bot tokens and minting them without the install screen, for tests.
import type { CredentialControl } from "../core/provider-module";
import type { SlackState } from "./state";
import { ALL_BOT_SCOPES, issueBotToken } from "./tokens";

export const slackCredentials: CredentialControl<SlackState> = {
  revoke(state, token) {
    const tokens = [...state.tokens.values()].filter((t) => !t.revoked && (token === undefined || t.token === token));
    for (const t of tokens) t.revoked = true;
    return tokens.length;
  },
  mint(state, scopes) {
    const t = issueBotToken(state, scopes ?? ALL_BOT_SCOPES);
    return { status: 201, body: { access_token: t.token, token_type: "bot", scope: t.scopes.join(",") } };
  },
};
