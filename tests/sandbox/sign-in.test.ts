// "Sign in with Google / GitHub / Microsoft" in the sandbox, as next-auth drives it:
// discovery, the account chooser, the code exchange with each provider's checks
// (client secret, redirect_uri, a code used once, PKCE) refused in its own words,
// and ID tokens whose signature verifies against the keys at the jwks_uri.
import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { APP, control, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => resetSandbox(sb));

const REDIRECT = "http://localhost:3000/api/auth/callback/provider";
const HOME_TENANT = "5b0a0a1b-0000-4000-8000-5a4db0c5e365";
const SECOND_TENANT = "7c3e9d2a-0000-4000-8000-fab41ca7e365";

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Opens the authorize page, picks `account` in the chooser, allows every scope; returns the redirect back. */
async function signInAs(authorizeUrl: string, account: string | null): Promise<{ page: string; back: URL }> {
  const res = await fetch(authorizeUrl);
  const page = await res.text();
  expect(res.status, page).toBe(200);
  const form = new URLSearchParams();
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.append(unescapeHtml(m[1]!), unescapeHtml(m[2]!));
  for (const m of page.matchAll(/<input type="checkbox" name="scope" value="([^"]+)" checked>/g)) form.append("scope", unescapeHtml(m[1]!));
  if (account !== null) form.set("account", account);
  form.set("decision", "allow");
  const action = unescapeHtml(/<form method="post" action="([^"]+)"/.exec(page)![1]!);
  const posted = await fetch(`${sb.url}${action}`, { method: "POST", body: form, redirect: "manual" });
  expect(posted.status, await posted.clone().text()).toBe(302);
  return { page, back: new URL(posted.headers.get("location")!) };
}

function authorizeUrl(endpoint: string, params: Record<string, string>): string {
  return `${endpoint}?${new URLSearchParams({ client_id: APP.clientId, redirect_uri: REDIRECT, response_type: "code", state: "st-1", ...params })}`;
}

async function postForm(url: string, fields: Record<string, string>, basic?: { id: string; secret: string }) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString("base64")}`;
  const res = await fetch(url, { method: "POST", headers, body: new URLSearchParams(fields) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Verifies an RS256 JWT against the key set a jwks_uri answers, as a relying party does. */
async function verifiedClaims(jwt: string, jwksUri: string): Promise<Record<string, unknown>> {
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const header = JSON.parse(Buffer.from(h, "base64url").toString()) as { alg: string; kid: string };
  expect(header.alg).toBe("RS256");
  const { keys } = (await (await fetch(jwksUri)).json()) as { keys: Array<JsonWebKey & { kid: string }> };
  const jwk = keys.find((k) => k.kid === header.kid);
  expect(jwk, "the token's kid is published").toBeDefined();
  const ok = verify("RSA-SHA256", Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk!, format: "jwk" }), Buffer.from(s, "base64url"));
  expect(ok).toBe(true);
  // A changed payload no longer verifies.
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, "base64url").toString()), email: "x@evil.test" })).toString("base64url");
  expect(verify("RSA-SHA256", Buffer.from(`${h}.${forged}`), createPublicKey({ key: jwk!, format: "jwk" }), Buffer.from(s, "base64url"))).toBe(false);
  return JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
}

const atHash = (token: string) => createHash("sha256").update(token).digest().subarray(0, 16).toString("base64url");

describe("Sign in with Google", () => {
  async function discovery() {
    return (await (await fetch(`${sb.url}/google-calendar/.well-known/openid-configuration`)).json()) as Record<string, string>;
  }

  async function codeFor(sub: string, extra: Record<string, string> = {}) {
    const d = await discovery();
    const { verifier, challenge } = pkce();
    const { page, back } = await signInAs(authorizeUrl(d.authorization_endpoint!, { scope: "openid email profile", code_challenge: challenge, code_challenge_method: "S256", ...extra }), sub);
    return { d, verifier, page, code: back.searchParams.get("code")!, back };
  }

  it("serves discovery, lets the person choose an account, and signs an id_token that verifies against the jwks_uri", async () => {
    const { d, verifier, page, code, back } = await codeFor("109876543210987650001");
    expect(d).toMatchObject({ issuer: "https://accounts.google.com", token_endpoint: `${sb.url}/google-calendar/token`, jwks_uri: `${sb.url}/google-calendar/oauth2/v3/certs` });
    expect(page).toContain("admin@demo.switchboard.test");
    expect(page).toContain("member@demo.switchboard.test (Demo Member), address not verified");
    expect(back.searchParams.get("state")).toBe("st-1");
    const token = await postForm(d.token_endpoint!, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier }, { id: APP.clientId, secret: APP.clientSecret });
    expect(token.status).toBe(200);
    const claims = await verifiedClaims(String(token.body.id_token), d.jwks_uri!);
    expect(claims).toMatchObject({ iss: "https://accounts.google.com", aud: APP.clientId, sub: "109876543210987650001", email: "admin@demo.switchboard.test", email_verified: true, at_hash: atHash(String(token.body.access_token)) });
    const info = await fetch(d.userinfo_endpoint!, { headers: { authorization: `Bearer ${String(token.body.access_token)}` } });
    expect(await info.json()).toMatchObject({ sub: "109876543210987650001", email: "admin@demo.switchboard.test", email_verified: true });
  });

  it("says email_verified: false for an address Google has not verified, and carries the nonce", async () => {
    const { d, verifier, code } = await codeFor("109876543210987650002", { nonce: "n-42" });
    const token = await postForm(d.token_endpoint!, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(await verifiedClaims(String(token.body.id_token), d.jwks_uri!)).toMatchObject({ email: "member@demo.switchboard.test", email_verified: false, nonce: "n-42" });
  });

  it("refuses a wrong secret, another redirect_uri, a reused code and a wrong PKCE verifier in Google's words", async () => {
    const { d, verifier, code } = await codeFor("109876543210987650001");
    const exchange = (f: Record<string, string>) => postForm(d.token_endpoint!, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: APP.clientId, client_secret: APP.clientSecret, ...f });
    expect(await exchange({ client_secret: "wrong" })).toEqual({ status: 401, body: { error: "invalid_client", error_description: "Unauthorized" } });
    expect(await exchange({ redirect_uri: "http://localhost:3000/elsewhere" })).toEqual({ status: 400, body: { error: "redirect_uri_mismatch", error_description: "Bad Request" } });
    const fresh = await codeFor("109876543210987650001");
    const bad = await postForm(d.token_endpoint!, { grant_type: "authorization_code", code: fresh.code, redirect_uri: REDIRECT, code_verifier: "x".repeat(64), client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(bad).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "Invalid code verifier." } });
    const first = await postForm(d.token_endpoint!, { grant_type: "authorization_code", code: (await codeFor("109876543210987650001")).code, redirect_uri: REDIRECT, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(first.body).toEqual({ error: "invalid_grant", error_description: "Missing code verifier." });
  });

  it("redeems a code once", async () => {
    const { d, verifier, code } = await codeFor("109876543210987650001");
    const exchange = () => postForm(d.token_endpoint!, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect((await exchange()).status).toBe(200);
    expect(await exchange()).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "Bad Request" } });
  });

  it("refuses an account the chooser did not offer, and lets a test change a person's address", async () => {
    const d = await discovery();
    const res = await fetch(d.authorization_endpoint!, {
      method: "POST",
      body: new URLSearchParams({ client_id: APP.clientId, redirect_uri: REDIRECT, requested: "openid email", scope: "openid", decision: "allow", account: "999" }),
      redirect: "manual",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("not one you can continue as");
    const changed = await control(sb, "POST", "google-calendar/people", { sub: "109876543210987650001", email: "member@demo.switchboard.test", name: "Demo Admin" });
    expect(changed.body).toMatchObject({ sub: "109876543210987650001", email: "member@demo.switchboard.test", emailVerified: true });
  });
});

describe("Sign in with Microsoft", () => {
  async function discovery(tenant: string) {
    const res = await fetch(`${sb.url}/microsoft365/${tenant}/v2.0/.well-known/openid-configuration?appid=${APP.clientId}`);
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  }

  async function signIn(tenant: string, oid: string, nonce = "n-ms") {
    const d = (await discovery(tenant)).body;
    const { verifier, challenge } = pkce();
    const { back } = await signInAs(authorizeUrl(d.authorization_endpoint!, { scope: "openid profile email", nonce, code_challenge: challenge, code_challenge_method: "S256" }), oid);
    return { d, verifier, code: back.searchParams.get("code")! };
  }

  it("serves v2.0 discovery per tenant (by id or verified domain) and refuses an unknown tenant", async () => {
    const byId = await discovery(HOME_TENANT);
    const byDomain = await discovery("contoso.sandbox.test");
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ issuer: `${sb.url}/microsoft365/${HOME_TENANT}/v2.0`, jwks_uri: `${sb.url}/microsoft365/${HOME_TENANT}/discovery/v2.0/keys`, userinfo_endpoint: `${sb.url}/microsoft365/oidc/userinfo` });
    expect(byDomain.body.issuer).toBe(byId.body.issuer);
    expect((await discovery("common")).body.issuer).toBe(`${sb.url}/microsoft365/common/v2.0`);
    const unknown = await discovery("nowhere.example");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: "invalid_tenant", error_codes: [90002] });
  });

  it("issues an id_token with tid, oid, preferred_username, email and xms_edov, verifiable against the tenant's keys", async () => {
    const { d, verifier, code } = await signIn(HOME_TENANT, "8f1c0e52-5b0c-4d7a-9e11-5a4db0c50002");
    const token = await postForm(d.token_endpoint!, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(token.status).toBe(200);
    const claims = await verifiedClaims(String(token.body.id_token), d.jwks_uri!);
    expect(claims).toMatchObject({ iss: d.issuer, aud: APP.clientId, tid: HOME_TENANT, oid: "8f1c0e52-5b0c-4d7a-9e11-5a4db0c50002", email: "admin@demo.switchboard.test", preferred_username: "admin@contoso.sandbox.test", xms_edov: true, nonce: "n-ms", ver: "2.0" });
    const info = await fetch(d.userinfo_endpoint!, { headers: { authorization: `Bearer ${String(token.body.access_token)}` } });
    expect(await info.json()).toMatchObject({ sub: claims.sub, email: "admin@demo.switchboard.test", name: "Demo Admin" });
  });

  it("names the person's own directory in tid when someone from the second tenant signs in, with xms_edov false for a domain it does not own", async () => {
    const { d, verifier, code } = await signIn(HOME_TENANT, "2d7b9f40-3c1e-4f6a-8b20-fab41ca70001");
    const token = await postForm(d.token_endpoint!, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier }, { id: APP.clientId, secret: APP.clientSecret });
    expect(await verifiedClaims(String(token.body.id_token), d.jwks_uri!)).toMatchObject({ tid: SECOND_TENANT, email: "admin@demo.switchboard.test", xms_edov: false });
  });

  it("refuses a wrong secret, another redirect_uri, a reused code and a wrong PKCE verifier with AADSTS codes", async () => {
    const { d, verifier, code } = await signIn(HOME_TENANT, "8f1c0e52-5b0c-4d7a-9e11-5a4db0c50002");
    const exchange = (f: Record<string, string> = {}) => postForm(d.token_endpoint!, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: APP.clientId, client_secret: APP.clientSecret, ...f });
    expect(await exchange({ client_secret: "wrong" })).toMatchObject({ status: 401, body: { error: "invalid_client", error_codes: [7000215] } });
    expect(await exchange({ code_verifier: "y".repeat(64) })).toMatchObject({ status: 400, body: { error: "invalid_grant", error_codes: [501481] } });
    const other = await signIn(HOME_TENANT, "8f1c0e52-5b0c-4d7a-9e11-5a4db0c50002");
    const wrongRedirect = await postForm(d.token_endpoint!, { grant_type: "authorization_code", code: other.code, redirect_uri: "http://localhost:3000/elsewhere", code_verifier: other.verifier, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(wrongRedirect).toMatchObject({ status: 400, body: { error: "invalid_grant", error_codes: [50148] } });
    const third = await signIn(HOME_TENANT, "8f1c0e52-5b0c-4d7a-9e11-5a4db0c50002");
    const redeem = () => postForm(d.token_endpoint!, { grant_type: "authorization_code", code: third.code, redirect_uri: REDIRECT, code_verifier: third.verifier, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect((await redeem()).status).toBe(200);
    expect(await redeem()).toMatchObject({ status: 400, body: { error: "invalid_grant", error_codes: [70008] } });
  });
});

describe("Sign in with GitHub", () => {
  const authorize = `/github/login/oauth/authorize`;
  const tokenUrl = () => `${sb.url}/github/login/oauth/access_token`;

  async function codeFor(login: string) {
    const { verifier, challenge } = pkce();
    const { page, back } = await signInAs(authorizeUrl(`${sb.url}${authorize}`, { scope: "read:user user:email", code_challenge: challenge, code_challenge_method: "S256" }), login);
    return { page, verifier, code: back.searchParams.get("code")! };
  }

  it("exchanges the code (client in Basic auth) for a token that reads /user and /user/emails of the chosen person", async () => {
    const { page, verifier, code } = await codeFor("demo-member");
    expect(page).toContain("demo-member (Demo Member), member@demo.switchboard.test, not verified");
    const token = await postForm(tokenUrl(), { code, redirect_uri: REDIRECT, code_verifier: verifier }, { id: APP.clientId, secret: APP.clientSecret });
    expect(token).toMatchObject({ status: 200, body: { access_token: expect.stringMatching(/^gho_/), token_type: "bearer" } });
    const headers = { authorization: `Bearer ${String(token.body.access_token)}`, accept: "application/vnd.github+json" };
    expect(await (await fetch(`${sb.url}/github/user`, { headers })).json()).toMatchObject({ login: "demo-member", email: "member@demo.switchboard.test" });
    expect(await (await fetch(`${sb.url}/github/user/emails`, { headers })).json()).toEqual([
      { email: "member@demo.switchboard.test", primary: true, verified: false, visibility: "public" },
      { email: "demo-member@users.sandbox.test", primary: false, verified: true, visibility: null },
    ]);
  });

  it("keeps a private primary address off the profile", async () => {
    const { verifier, code } = await codeFor("demo-admin");
    const token = await postForm(tokenUrl(), { code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: APP.clientId, client_secret: APP.clientSecret });
    const user = await (await fetch(`${sb.url}/github/user`, { headers: { authorization: `Bearer ${String(token.body.access_token)}` } })).json();
    expect(user).toMatchObject({ login: "demo-admin", email: null });
  });

  it("refuses a wrong secret, another redirect_uri, a wrong PKCE verifier and a reused code as github.com does (200 with an error)", async () => {
    const { verifier, code } = await codeFor("demo-admin");
    const exchange = (f: Record<string, string> = {}) => postForm(tokenUrl(), { code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: APP.clientId, client_secret: APP.clientSecret, ...f });
    expect(await exchange({ client_secret: "wrong" })).toMatchObject({ status: 200, body: { error: "incorrect_client_credentials" } });
    expect(await exchange({ redirect_uri: "http://localhost:3000/elsewhere" })).toMatchObject({ status: 200, body: { error: "redirect_uri_mismatch" } });
    const other = await codeFor("demo-admin");
    expect(await postForm(tokenUrl(), { code: other.code, redirect_uri: REDIRECT, code_verifier: "z".repeat(64), client_id: APP.clientId, client_secret: APP.clientSecret })).toMatchObject({
      status: 200,
      body: { error: "bad_verification_code" },
    });
    const third = await codeFor("demo-admin");
    const redeem = () => postForm(tokenUrl(), { code: third.code, redirect_uri: REDIRECT, code_verifier: third.verifier, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect((await redeem()).body.access_token).toMatch(/^gho_/);
    expect(await redeem()).toMatchObject({ status: 200, body: { error: "bad_verification_code" } });
  });

  it("shows GitHub's 404 for an unknown client_id", async () => {
    const res = await fetch(`${sb.url}${authorize}?${new URLSearchParams({ client_id: "nobody", redirect_uri: REDIRECT, response_type: "code" })}`);
    expect(res.status).toBe(404);
  });
});
