// Google's OpenID Connect discovery document (accounts.google.com/.well-known/openid-configuration)
// with each endpoint at its place under /google-calendar, so a client configured by
// discovery alone (next-auth's Google provider, through its wellKnown option) signs in here.
import type { Ctx } from "../../core/context";
import { record } from "../../core/record";
import { sendJson } from "../../core/respond";
import { GOOGLE_ISSUER } from "./id-token";

export function handleDiscovery(ctx: Ctx): void {
  record(ctx, "google openid.discovery");
  const base = `${ctx.rt.url}/google-calendar`;
  sendJson(ctx, 200, {
    issuer: GOOGLE_ISSUER,
    authorization_endpoint: `${base}/o/oauth2/v2/auth`,
    token_endpoint: `${base}/token`,
    userinfo_endpoint: `${base}/oauth2/v3/userinfo`,
    revocation_endpoint: `${base}/revoke`,
    jwks_uri: `${base}/oauth2/v3/certs`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "email", "profile"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    claims_supported: ["aud", "email", "email_verified", "exp", "family_name", "given_name", "iat", "iss", "name", "picture", "sub"],
    code_challenge_methods_supported: ["plain", "S256"],
    grant_types_supported: ["authorization_code", "refresh_token"],
  });
}
