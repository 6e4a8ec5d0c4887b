import { WebClient, type WebAPIPlatformError } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { APP, REDIRECT_URI, decide, openConsent, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
const SCOPES = ["chat:write", "channels:read", "channels:manage", "groups:write"];

function slack(token?: string) {
  return new WebClient(token, { slackApiUrl: `${sb.url}/slack/api/`, retryConfig: { retries: 0 } });
}

function authorizeUrl(params: Record<string, string> = {}): string {
  const url = new URL(`${sb.url}/slack/oauth/v2/authorize`);
  const all = { client_id: APP.clientId, scope: SCOPES.join(","), redirect_uri: REDIRECT_URI, state: "st-123", ...params };
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  return url.toString();
}

async function errorOf(call: Promise<unknown>): Promise<string | undefined> {
  const err = (await call.then(() => null, (e: unknown) => e)) as WebAPIPlatformError | null;
  return err?.data?.error;
}

function exchange(code: string, overrides: Record<string, string> = {}) {
  return slack().oauth.v2.access({ client_id: APP.clientId, client_secret: APP.clientSecret, code, redirect_uri: REDIRECT_URI, ...overrides });
}

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => resetSandbox(sb));

describe("Slack OAuth v2", () => {
  it("shows the requested scopes as ticked checkboxes with Allow and Cancel", async () => {
    const form = await openConsent(sb, authorizeUrl());
    expect(form.status).toBe(200);
    expect(form.html).toContain("Switchboard Sandbox wants to access Sandbox Workspace");
    expect(form.scopes).toEqual(SCOPES);
    expect(form.html).toMatch(/value="allow"[^>]*>Allow</);
    expect(form.html).toMatch(/value="deny"[^>]*>Cancel</);
  });

  it("issues a bot token for the code after Allow", async () => {
    const back = await decide(await openConsent(sb, authorizeUrl()), "allow");
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get("state")).toBe("st-123");
    const res = await exchange(back.searchParams.get("code")!);
    expect(res).toMatchObject({
      ok: true,
      access_token: expect.stringMatching(/^xoxb-sandbox-/),
      token_type: "bot",
      scope: SCOPES.join(","),
      bot_user_id: expect.stringMatching(/^U/),
      app_id: expect.stringMatching(/^A/),
      team: { id: "T0SANDBOX1", name: "Sandbox Workspace" },
      authed_user: { id: expect.stringMatching(/^U/) },
    });
    expect((await slack(res.access_token).auth.test()).ok).toBe(true);
  });

  it("grants only the scopes left ticked, and the token is held to them", async () => {
    const back = await decide(await openConsent(sb, authorizeUrl()), "allow", ["chat:write"]);
    const res = await exchange(back.searchParams.get("code")!);
    expect(res.scope).toBe("chat:write");
    expect((await slack(res.access_token).chat.postMessage({ channel: "C0GENERAL1", text: "hello" })).ok).toBe(true);
    expect(await errorOf(slack(res.access_token).conversations.list({}))).toBe("missing_scope");
  });

  it("sends error=access_denied back on Cancel", async () => {
    const back = await decide(await openConsent(sb, authorizeUrl()), "deny");
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("state")).toBe("st-123");
    expect(back.searchParams.has("code")).toBe(false);
  });

  it("refuses bad codes, reused codes, unknown clients and wrong secrets", async () => {
    const code = (await decide(await openConsent(sb, authorizeUrl()), "allow")).searchParams.get("code")!;
    expect(await errorOf(exchange(code, { client_id: "someone-else" }))).toBe("invalid_client_id");
    expect(await errorOf(exchange(code, { client_secret: "wrong" }))).toBe("bad_client_secret");
    expect(await errorOf(exchange("not-a-code"))).toBe("invalid_code");
    expect(await errorOf(exchange(code, { redirect_uri: "http://localhost:3000/elsewhere" }))).toBe("bad_redirect_uri");
    expect((await exchange(code)).ok).toBe(true);
    expect(await errorOf(exchange(code))).toBe("invalid_code");
  });

  it("shows an error page for an unknown client instead of a consent screen", async () => {
    const form = await openConsent(sb, authorizeUrl({ client_id: "unknown-app" }));
    expect(form.status).toBe(400);
    expect(form.html).toContain("Invalid client_id parameter");
    expect(form.scopes).toEqual([]);
  });
});
