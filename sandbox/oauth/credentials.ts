// /_sandbox/revoke, /expire and /tokens for a provider whose state holds a grant
// book: revoking a token revokes its grant (no token: every grant), expiring lets
// every access token lapse, and minting makes a grant as a finished consent would.
import { bad } from "../core/control";
import type { CredentialControl } from "../core/provider-module";
import { findApp, SANDBOX_APPS } from "./apps";
import type { Grant, GrantBook, GrantTokens } from "./grants";

export interface MintRules<G extends Grant> {
  /** What a minted token is granted when the call names no scopes. */
  scopes: readonly string[];
  /** The grant's fields for the scopes asked for: the provider's own fields and scope spelling. */
  grant?(clientId: string, scopes: string[]): Omit<G, "id" | "revoked" | "refreshToken"> & { refresh?: boolean };
  /** The body /_sandbox/tokens answers: the provider's token response. */
  answer(grant: G, accessToken: string): Record<string, unknown>;
}

export function grantCredentials<G extends Grant>(tokens: GrantTokens, rules: MintRules<G>): CredentialControl<GrantBook<G>> {
  return {
    revoke: (book, token) => (token !== undefined ? Number(tokens.revokeToken(book, token)) : tokens.revokeAll(book)),
    expire: (book, nowMs) => tokens.expireAll(book, nowMs),
    mint(book, scopes, input, nowMs) {
      const clientId = typeof input.clientId === "string" ? input.clientId : SANDBOX_APPS[0]!.clientId;
      if (!findApp(clientId)) return bad("unknown clientId");
      const wanted = scopes ?? [...rules.scopes];
      const fields = rules.grant ? rules.grant(clientId, wanted) : ({ clientId, scopes: wanted } as Omit<G, "id" | "revoked" | "refreshToken">);
      const grant = tokens.createGrant(book, fields, nowMs);
      return { status: 201, body: rules.answer(grant, tokens.issueAccessToken(book, grant, nowMs)) };
    },
  };
}
