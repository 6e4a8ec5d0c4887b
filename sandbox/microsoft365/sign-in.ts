// "Sign in with Microsoft": the identity platform's OpenID Connect side per tenant
// segment (a directory's id or verified domain, or common / organizations /
// consumers): the v2.0 discovery document, the signing keys, the id_token the
// token endpoint adds for the openid scope, and Graph's /oidc/userinfo.
//
// Where the sandbox differs from Entra, on purpose:
// - The issuer is the sandbox's own URL for the segment signed in at
//   (`<sandbox>/microsoft365/<tenant id or common>/v2.0`). Entra names the user's
//   tenant there and publishes `{tenantid}` in the common document, which
//   openid-client accepts only from login.microsoftonline.com; the app's own checks
//   read `tid`, which is the person's directory here as there.
// - Every sandbox person may sign in at every segment. Entra refuses a stranger at a
//   single-tenant endpoint itself (AADSTS50020); the sandbox lets the token through
//   so that the app's own tenant check is what a test sees refuse it.
import { createHash } from "node:crypto";
import { bearerToken, type Ctx } from "../core/context";
import { record } from "../core/record";
import { sendJson } from "../core/respond";
import { accessTokenHash, publishedKeys, signIdToken } from "../oauth/id-token";
import { identityError } from "./errors";
import { MICROSOFT365_STATE, type DirectoryPerson, type Microsoft365State, type MicrosoftGrant, type Tenant } from "./state";
import { MICROSOFT365_TOKENS } from "./tokens";

const MULTI_TENANT = new Set(["common", "organizations", "consumers"]);

/** The tenant a segment names (by id or verified domain), or null for a multi-tenant or unknown one. */
export function tenantOf(state: Microsoft365State, segment: string): Tenant | null {
  const s = segment.toLowerCase();
  return state.tenants.find((t) => t.id === s || t.verifiedDomains.includes(s)) ?? null;
}

/** The issuer a segment's discovery document and id_tokens name; null for a tenant Entra does not know. */
export function issuerFor(ctx: Ctx, segment: string): string | null {
  const tenant = tenantOf(MICROSOFT365_STATE.of(ctx.rt), segment);
  if (!tenant && !MULTI_TENANT.has(segment.toLowerCase())) return null;
  return `${ctx.rt.url}/microsoft365/${tenant?.id ?? segment.toLowerCase()}/v2.0`;
}

function unknownTenant(ctx: Ctx, segment: string): void {
  identityError(ctx, 400, "invalid_tenant", 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
}

/** GET /microsoft365/{tenant}/v2.0/.well-known/openid-configuration */
export function handleDiscovery(ctx: Ctx, segment: string): void {
  record(ctx, "microsoft365 openid.discovery");
  const issuer = issuerFor(ctx, segment);
  if (!issuer) return unknownTenant(ctx, segment);
  const base = `${ctx.rt.url}/microsoft365/${segment}`;
  sendJson(ctx, 200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.rt.url}/microsoft365/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    claims_supported: ["sub", "iss", "cloud_instance_name", "aud", "exp", "iat", "nbf", "auth_time", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email", "oid", "xms_edov"],
    tenant_region_scope: "EU",
    cloud_instance_name: "microsoftonline.com",
    msgraph_host: "graph.microsoft.com",
  });
}

/** GET /microsoft365/{tenant}/discovery/v2.0/keys */
export function handleKeys(ctx: Ctx, segment: string): void {
  record(ctx, "microsoft365 openid.keys");
  if (!issuerFor(ctx, segment)) return unknownTenant(ctx, segment);
  sendJson(ctx, 200, publishedKeys("microsoft365"));
}

export function personOf(state: Microsoft365State, oid: string | undefined): DirectoryPerson {
  return state.people.find((p) => p.id === oid) ?? state.user;
}

/** Entra's optional claim: the person's tenant has proven it owns the domain of their address. */
function domainVerified(state: Microsoft365State, p: DirectoryPerson): boolean {
  const domain = p.mail.split("@")[1]?.toLowerCase() ?? "";
  return state.tenants.find((t) => t.id === p.tenantId)?.verifiedDomains.includes(domain) ?? false;
}

/** The v2.0 id_token for a grant made with the openid scope. */
export function idToken(ctx: Ctx, grant: MicrosoftGrant, accessToken: string): string {
  const state = MICROSOFT365_STATE.of(ctx.rt);
  const p = personOf(state, grant.oid);
  // Real time, not the sandbox's clock: the app checks iat and exp against its own.
  const iat = Math.floor(Date.now() / 1000);
  const has = (s: string) => grant.scopes.includes(s);
  return signIdToken("microsoft365", {
    aud: grant.clientId,
    iss: grant.issuer ?? `${ctx.rt.url}/microsoft365/${p.tenantId}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + 3600,
    ...(has("profile") ? { name: p.displayName, preferred_username: p.userPrincipalName } : {}),
    ...(has("email") ? { email: p.mail, xms_edov: domainVerified(state, p) } : {}),
    ...(grant.nonce ? { nonce: grant.nonce } : {}),
    at_hash: accessTokenHash(accessToken),
    oid: p.id,
    // sub is pairwise: the same person has another sub in every app.
    sub: createHash("sha256").update(`${p.id}:${grant.clientId}`).digest("base64url").slice(0, 43),
    tid: p.tenantId,
    ver: "2.0",
  });
}

/** GET /microsoft365/oidc/userinfo (graph.microsoft.com/oidc/userinfo). */
export function handleUserinfo(ctx: Ctx): void {
  record(ctx, "microsoft365 oidc.userinfo");
  const state = MICROSOFT365_STATE.of(ctx.rt);
  const grant = MICROSOFT365_TOKENS.grantForAccessToken(state, bearerToken(ctx), ctx.rt.clock.now());
  if (!grant) return sendJson(ctx, 401, { error: { code: "InvalidAuthenticationToken", message: "Access token is empty or invalid." } });
  const p = personOf(state, grant.oid);
  const [given = p.displayName, ...family] = p.displayName.split(" ");
  sendJson(ctx, 200, {
    sub: createHash("sha256").update(`${p.id}:${grant.clientId}`).digest("base64url").slice(0, 43),
    name: p.displayName,
    family_name: family.join(" "),
    given_name: given,
    picture: `https://graph.microsoft.com/v1.0/me/photo/$value`,
    ...(grant.scopes.includes("email") ? { email: p.mail } : {}),
  });
}

/** The accounts the sign-in page offers, each with its directory. */
export function signInPeople(state: Microsoft365State): Array<{ id: string; label: string }> {
  return state.people.map((p) => ({ id: p.id, label: `${p.mail} (${p.displayName}), ${state.tenants.find((t) => t.id === p.tenantId)?.name ?? p.tenantId}` }));
}
