import type { GaxiosError } from "gaxios";
import { google } from "googleapis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { REDIRECT_URI, control, decide, googleOAuthClient, openConsent, requestsOf, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
const EVENTS = "https://www.googleapis.com/auth/calendar.events";
const LIST = "https://www.googleapis.com/auth/calendar.calendarlist.readonly";
const SCOPES = ["openid", "email", EVENTS, LIST];

async function oauthFailure(call: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  const err = (await call.then(() => null, (e: unknown) => e)) as GaxiosError | null;
  if (!err?.response) throw new Error(`expected an HTTP failure, got ${String(err)}`);
  return { status: err.response.status, data: err.response.data };
}

/** The connector's flow: PKCE, offline access, forced consent. */
async function authorize(keep?: string[], extra: Record<string, string> = {}) {
  const client = googleOAuthClient(sb);
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const url = client.generateAuthUrl({
    scope: SCOPES,
    state: "st-9",
    access_type: "offline",
    prompt: "consent",
    code_challenge: codeChallenge,
    code_challenge_method: "S256" as never,
    ...extra,
  });
  const form = await openConsent(sb, url);
  return { client, codeVerifier, form, back: await decide(form, "allow", keep) };
}

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => resetSandbox(sb));

describe("Google OAuth 2.0", () => {
  it("shows the consent screen for the sandbox account with each scope ticked", async () => {
    const { form, back } = await authorize();
    expect(form.html).toContain("Switchboard Sandbox wants to access your Google Account");
    expect(form.html).toContain("sandbox.user@example.com");
    expect(form.scopes).toEqual(SCOPES);
    expect(back.searchParams.get("state")).toBe("st-9");
    expect(back.searchParams.get("code")).toMatch(/^4\/sandbox-/);
  });

  it("exchanges the code with its PKCE verifier for tokens, an id_token and userinfo", async () => {
    const { client, codeVerifier, back } = await authorize();
    const { tokens } = await client.getToken({ code: back.searchParams.get("code")!, codeVerifier, redirect_uri: REDIRECT_URI });
    expect(tokens).toMatchObject({
      access_token: expect.stringMatching(/^ya29\.sandbox-/),
      refresh_token: expect.stringMatching(/^1\/\/sandbox-/),
      scope: `openid https://www.googleapis.com/auth/userinfo.email ${EVENTS} ${LIST}`,
      token_type: "Bearer",
      id_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    });
    expect(tokens.expiry_date! - Date.now()).toBeGreaterThan(3500_000);
    const claims = JSON.parse(Buffer.from(tokens.id_token!.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: "switchboard-sandbox", email: "sandbox.user@example.com", iss: "https://accounts.google.com" });
    client.setCredentials(tokens);
    const info = await client.request<{ sub: string; email?: string; name?: string }>({ url: `${sb.url}/google-calendar/oauth2/v3/userinfo` });
    expect(info.data).toEqual({ sub: expect.any(String), email: "sandbox.user@example.com", email_verified: true });
  });

  it("refuses a wrong PKCE verifier with invalid_grant", async () => {
    const { client, back } = await authorize();
    const failure = await oauthFailure(client.getToken({ code: back.searchParams.get("code")!, codeVerifier: "x".repeat(64), redirect_uri: REDIRECT_URI }));
    expect(failure).toEqual({ status: 400, data: { error: "invalid_grant", error_description: "Invalid code verifier." } });
  });

  it("sends error=access_denied back on Cancel", async () => {
    const client = googleOAuthClient(sb);
    const form = await openConsent(sb, client.generateAuthUrl({ scope: SCOPES, state: "st-2" }));
    const back = await decide(form, "deny");
    expect(Object.fromEntries(back.searchParams)).toEqual({ error: "access_denied", state: "st-2" });
  });

  it("grants only the scopes left ticked; calendar calls outside them are refused", async () => {
    const { client, codeVerifier, back } = await authorize(["openid", "email", LIST]);
    expect(back.searchParams.get("scope")).toBe(`openid https://www.googleapis.com/auth/userinfo.email ${LIST}`);
    const { tokens } = await client.getToken({ code: back.searchParams.get("code")!, codeVerifier, redirect_uri: REDIRECT_URI });
    expect(tokens.scope?.split(" ")).not.toContain(EVENTS);
    client.setCredentials(tokens);
    const cal = google.calendar({ version: "v3", auth: client, rootUrl: `${sb.url}/google-calendar/`, retry: false } as never) as ReturnType<typeof google.calendar>;
    expect((await cal.calendarList.list()).status).toBe(200);
    const refused = await oauthFailure(cal.events.insert({ calendarId: "primary", requestBody: { summary: "x", start: { date: "2030-01-01" }, end: { date: "2030-01-02" } } }));
    expect(refused.status).toBe(403);
  });

  it("refreshes without a new refresh token, and refuses a revoked one with invalid_grant", async () => {
    const { client, codeVerifier, back } = await authorize();
    const { tokens } = await client.getToken({ code: back.searchParams.get("code")!, codeVerifier, redirect_uri: REDIRECT_URI });
    const refresher = googleOAuthClient(sb);
    refresher.setCredentials({ refresh_token: tokens.refresh_token });
    const { credentials } = await refresher.refreshAccessToken();
    expect(credentials.access_token).toMatch(/^ya29\.sandbox-/);
    expect(credentials.access_token).not.toBe(tokens.access_token);
    // The SDK copies the old refresh token into what it returns; the wire answer has none.
    const raw = await fetch(`${sb.url}/google-calendar/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refresh_token!, client_id: "switchboard-sandbox", client_secret: "sandbox-client-secret" }),
    });
    expect(Object.keys((await raw.json()) as object).sort()).toEqual(["access_token", "expires_in", "id_token", "scope", "token_type"]);

    await refresher.revokeToken(tokens.refresh_token!);
    const refused = await oauthFailure(refresher.refreshAccessToken());
    expect(refused).toEqual({ status: 400, data: { error: "invalid_grant", error_description: "Token has been expired or revoked." } });
    const cal = google.calendar({ version: "v3", auth: refresher, rootUrl: `${sb.url}/google-calendar/`, retry: false } as never) as ReturnType<typeof google.calendar>;
    refresher.setCredentials({ access_token: credentials.access_token! });
    expect((await oauthFailure(cal.calendarList.list())).status).toBe(401);
  });

  it("expires access tokens on demand: 401 until the client refreshes", async () => {
    const { client, codeVerifier, back } = await authorize();
    const { tokens } = await client.getToken({ code: back.searchParams.get("code")!, codeVerifier, redirect_uri: REDIRECT_URI });
    client.setCredentials(tokens);
    const cal = google.calendar({ version: "v3", auth: client, rootUrl: `${sb.url}/google-calendar/`, retry: false } as never) as ReturnType<typeof google.calendar>;
    expect((await control(sb, "POST", "expire", { provider: "google-calendar" })).body).toEqual({ provider: "google-calendar", expired: 1 });
    // The SDK trusts its own expiry_date, so it sends the dead token and gets 401.
    expect((await oauthFailure(cal.calendarList.list())).status).toBe(401);
    await client.refreshAccessToken();
    expect((await cal.calendarList.list()).status).toBe(200);
    expect((await requestsOf(sb, "google-calendar")).slice(-3).map((r) => [r.operation, r.status])).toEqual([
      ["google calendar.calendarList.list", 401],
      ["google oauth2.token (refresh_token)", 200],
      ["google calendar.calendarList.list", 200],
    ]);
  });

  it("lets an access token lapse after expires_in seconds of sandbox time", async () => {
    const { client, codeVerifier, back } = await authorize();
    const { tokens } = await client.getToken({ code: back.searchParams.get("code")!, codeVerifier, redirect_uri: REDIRECT_URI });
    const info = () => fetch(`${sb.url}/google-calendar/oauth2/v3/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    await control(sb, "POST", "clock", { advanceSeconds: 3500 });
    expect((await info()).status).toBe(200);
    await control(sb, "POST", "clock", { advanceSeconds: 100 });
    expect((await info()).status).toBe(401);
  });

  it("sends a refresh token again only when consent is forced", async () => {
    const first = await authorize();
    await first.client.getToken({ code: first.back.searchParams.get("code")!, codeVerifier: first.codeVerifier, redirect_uri: REDIRECT_URI });
    const quiet = await authorize(undefined, { prompt: "select_account" });
    const { tokens } = await quiet.client.getToken({ code: quiet.back.searchParams.get("code")!, codeVerifier: quiet.codeVerifier, redirect_uri: REDIRECT_URI });
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.access_token).toBeTruthy();
  });
});
