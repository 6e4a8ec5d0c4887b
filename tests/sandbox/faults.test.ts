import { Client } from "@sendgrid/client";
import { WebClient, type WebAPIHTTPError, type WebAPIRateLimitedError, type WebAPIRequestError } from "@slack/web-api";
import type { GaxiosError } from "gaxios";
import { google } from "googleapis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONTROL_TOKEN_HEADER } from "../../sandbox/control/token";
import type { Sandbox } from "../../sandbox/server";
import { control, googleOAuthClient, mintToken, requestsOf, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
let slackToken: string;
let googleToken: string;

function slack(options: { timeout?: number; rejectRateLimitedCalls?: boolean } = {}) {
  return new WebClient(slackToken, { slackApiUrl: `${sb.url}/slack/api/`, retryConfig: { retries: 0 }, ...options });
}

function calendar(retry: boolean) {
  const auth = googleOAuthClient(sb);
  auth.setCredentials({ access_token: googleToken });
  return google.calendar({ version: "v3", auth, rootUrl: `${sb.url}/google-calendar/`, retry } as never) as ReturnType<typeof google.calendar>;
}

function sendgrid(timeoutMs?: number) {
  const client = new Client();
  client.setApiKey("SG.fault-test.key");
  client.setDefaultRequest("baseUrl", `${sb.url}/sendgrid/`);
  if (timeoutMs) client.setDefaultRequest("timeout" as never, timeoutMs as never);
  return client;
}

const fault = (body: Record<string, unknown>) => control(sb, "POST", "faults", body);
const rejection = <T>(p: Promise<unknown>) => p.then(() => Promise.reject(new Error("expected a failure")), (e: unknown) => e as T);

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(async () => {
  await resetSandbox(sb);
  slackToken = (await mintToken(sb, "slack")).access_token;
  googleToken = (await mintToken(sb, "google-calendar")).access_token;
});

describe("injected faults", () => {
  it("answers an HTTP status in each provider's own error shape", async () => {
    await fault({ provider: "slack", match: "auth.test", kind: "status", status: 500 });
    const err = await rejection<WebAPIHTTPError>(slack().auth.test());
    expect(err.code).toBe("slack_webapi_http_error");
    expect(err.statusCode).toBe(500);
    expect(err.body).toEqual({ ok: false, error: "fatal_error" });

    await fault({ provider: "google-calendar", kind: "status", status: 503 });
    const g = await rejection<GaxiosError>(calendar(false).calendarList.list());
    expect(g.response?.status).toBe(503);
    expect(g.response?.data).toMatchObject({ error: { code: 503, errors: [{ reason: "backendError" }], status: "UNAVAILABLE" } });

    await fault({ provider: "sendgrid", kind: "status", status: 500 });
    const s = await rejection<{ code: number; response: { body: unknown } }>(sendgrid().request({ method: "GET", url: "/v3/scopes" }));
    expect(s).toMatchObject({ code: 500, response: { body: { errors: [{ field: null, message: "internal server error" }] } } });
  });

  it("answers 429 with a Retry-After the clients can honour", async () => {
    await fault({ provider: "slack", match: "chat.postMessage", kind: "rate_limit", retryAfterSeconds: 7 });
    const limited = await rejection<WebAPIRateLimitedError>(slack({ rejectRateLimitedCalls: true }).chat.postMessage({ channel: "C0GENERAL1", text: "x" }));
    expect(limited.code).toBe("slack_webapi_rate_limited_error");
    expect(limited.retryAfter).toBe(7);

    await fault({ provider: "slack", kind: "rate_limit", retryAfterSeconds: 3 });
    const raw = await fetch(`${sb.url}/slack/api/auth.test`, { method: "POST", headers: { authorization: `Bearer ${slackToken}` } });
    expect([raw.status, raw.headers.get("retry-after"), await raw.json()]).toEqual([429, "3", { ok: false, error: "ratelimited" }]);

    await fault({ provider: "sendgrid", kind: "rate_limit", retryAfterSeconds: 4 });
    const s = await rejection<{ code: number; response: { headers: Record<string, string>; body: unknown } }>(sendgrid().request({ method: "GET", url: "/v3/scopes" }));
    expect(s.code).toBe(429);
    expect(s.response.headers["retry-after"]).toBe("4");
    expect(s.response.body).toEqual({ errors: [{ field: null, message: "too many requests" }] });

    await fault({ provider: "google-calendar", match: "/events", kind: "rate_limit", retryAfterSeconds: 5 });
    const g = await rejection<GaxiosError>(calendar(false).events.list({ calendarId: "primary" }));
    expect(g.response?.status).toBe(429);
    expect(g.response?.headers.get("retry-after")).toBe("5");
    expect(g.response?.data).toMatchObject({ error: { code: 429, errors: [{ domain: "usageLimits", reason: "rateLimitExceeded" }] } });
    expect((await calendar(false).events.list({ calendarId: "primary" })).status).toBe(200);
  });

  it("delays the answer by the latency asked for", async () => {
    await fault({ provider: "slack", kind: "latency", latencyMs: 300 });
    const started = Date.now();
    expect((await slack().auth.test()).ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("holds a timed-out request open until the client gives up", async () => {
    await fault({ provider: "slack", kind: "timeout" });
    const started = Date.now();
    const err = await rejection<WebAPIRequestError>(slack({ timeout: 300 }).auth.test());
    expect(err.code).toBe("slack_webapi_request_error");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    await fault({ provider: "sendgrid", kind: "timeout" });
    const s = await rejection<{ code?: string }>(sendgrid(300).request({ method: "GET", url: "/v3/scopes" }));
    expect(s.code).toBe("ECONNABORTED");
    const logged = (await requestsOf(sb, "sendgrid")).at(-1)!;
    expect([logged.fault, logged.status]).toEqual(["timeout", null]);
  });

  it("resets the connection", async () => {
    await fault({ provider: "google-calendar", kind: "reset" });
    const err = await rejection<GaxiosError>(calendar(false).calendarList.list());
    expect(err.response).toBeUndefined();
    expect((await calendar(false).calendarList.list()).status).toBe(200);
  });

  it("applies a fault `times` times, or until cleared with times 0, only where it matches", async () => {
    await fault({ provider: "google-calendar", match: "calendarList", kind: "status", status: 500, times: 2 });
    expect((await calendar(false).events.list({ calendarId: "primary" })).status).toBe(200);
    expect((await rejection<GaxiosError>(calendar(false).calendarList.list())).response?.status).toBe(500);
    expect((await rejection<GaxiosError>(calendar(false).calendarList.list())).response?.status).toBe(500);
    expect((await calendar(false).calendarList.list()).status).toBe(200);

    await fault({ provider: "*", kind: "status", status: 502, times: 0 });
    for (let i = 0; i < 3; i++) expect((await rejection<WebAPIHTTPError>(slack().auth.test())).statusCode).toBe(502);
    expect((await control<{ faults: unknown[] }>(sb, "GET", "faults")).body.faults).toHaveLength(1);
    expect((await control(sb, "DELETE", "faults")).body).toEqual({ cleared: 1 });
    expect((await slack().auth.test()).ok).toBe(true);
  });

  it("lets the client's own retries ride over a transient failure", async () => {
    await fault({ provider: "google-calendar", kind: "status", status: 503, times: 1 });
    expect((await calendar(true).calendarList.list()).status).toBe(200);
    expect((await requestsOf(sb, "google-calendar")).map((r) => r.status)).toEqual([503, 200]);
  });

  it("refuses a malformed fault", async () => {
    expect((await fault({ provider: "slack", kind: "status" })).status).toBe(400);
    expect((await fault({ provider: "twitter", kind: "timeout" })).status).toBe(400);
    expect((await fault({ provider: "slack", kind: "explode" })).status).toBe(400);
  });

  it("closes connections held by a timeout fault when stopped", async () => {
    const own = await startTestSandbox();
    await fetch(`${own.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json", [CONTROL_TOKEN_HEADER]: own.controlToken }, body: JSON.stringify({ provider: "slack", kind: "timeout" }) });
    const pending = fetch(`${own.url}/slack/api/auth.test`, { method: "POST" }).then(() => "answered", () => "closed");
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await own.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe("closed");
  });
});
