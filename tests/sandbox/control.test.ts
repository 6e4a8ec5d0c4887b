import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, mintToken, requestsOf, startTestSandbox } from "./helpers";

let sb: Sandbox;

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());

describe("control API", () => {
  it("reports health and that it validates", async () => {
    expect(sb.validating).toBe(true);
    expect(await control(sb, "GET", "health")).toEqual({ status: 200, body: { ok: true, validating: true } });
  });

  it("logs each provider request with what the sandbox made of it, newest last", async () => {
    const token = (await mintToken(sb, "slack")).access_token;
    const slack = new WebClient(token, { slackApiUrl: `${sb.url}/slack/api/`, retryConfig: { retries: 0 } });
    await slack.chat.postMessage({ channel: "C0GENERAL1", text: "first" });
    await slack.apiCall("chat.postMessage", { text: "second" }).catch(() => undefined);
    await fetch(`${sb.url}/sendgrid/v3/scopes?x=1`, { headers: { authorization: "Bearer SG.a.b" } });
    const slackLog = await requestsOf(sb, "slack");
    expect(slackLog.map((r) => [r.method, r.path, r.operation, r.status, r.validation.checked, r.validation.issues.length])).toEqual([
      ["POST", "/slack/api/chat.postMessage", "slack chat.postMessage", 200, true, 0],
      ["POST", "/slack/api/chat.postMessage", "slack chat.postMessage", 200, true, 1],
    ]);
    expect(slackLog[0]!.body).toMatchObject({ channel: "C0GENERAL1", text: "first" });
    const all = (await control<{ requests: Array<{ provider: string; query: unknown }> }>(sb, "GET", "requests")).body.requests;
    expect(all.map((r) => r.provider)).toEqual(["slack", "slack", "sendgrid"]);
    expect(all[2]!.query).toEqual({ x: "1" });
  });

  it("revokes one token or all of a provider's", async () => {
    const a = (await mintToken(sb, "slack")).access_token;
    const b = (await mintToken(sb, "slack")).access_token;
    const test = (t: string) => new WebClient(t, { slackApiUrl: `${sb.url}/slack/api/`, retryConfig: { retries: 0 } }).auth.test().then(() => "ok", (e: { data?: { error?: string } }) => e.data?.error);
    expect((await control(sb, "POST", "revoke", { provider: "slack", token: a })).body).toEqual({ provider: "slack", revoked: 1 });
    expect([await test(a), await test(b)]).toEqual(["token_revoked", "ok"]);
    await control(sb, "POST", "revoke", { provider: "slack" });
    expect(await test(b)).toBe("token_revoked");
    expect((await control(sb, "POST", "revoke", { provider: "slack", token: "xoxb-unknown" })).status).toBe(404);
    expect((await control(sb, "POST", "revoke", { provider: "nobody" })).status).toBe(400);
  });

  it("resets state, faults and the log back to the seed", async () => {
    const token = (await mintToken(sb, "slack")).access_token;
    await new WebClient(token, { slackApiUrl: `${sb.url}/slack/api/`, retryConfig: { retries: 0 } }).conversations.create({ name: "temporary" });
    await control(sb, "POST", "faults", { provider: "google-calendar", kind: "timeout", times: 0 });
    expect((await control(sb, "POST", "reset")).body).toEqual({ ok: true });
    expect((await control<{ faults: unknown[] }>(sb, "GET", "faults")).body.faults).toEqual([]);
    expect(await requestsOf(sb, "slack")).toEqual([]);
    const fresh = (await mintToken(sb, "slack")).access_token;
    const list = await new WebClient(fresh, { slackApiUrl: `${sb.url}/slack/api/`, retryConfig: { retries: 0 } }).conversations.list({});
    expect(list.channels?.map((c) => c.name)).toEqual(["general", "events", "random"]);
    expect((await new WebClient(token, { slackApiUrl: `${sb.url}/slack/api/`, retryConfig: { retries: 0 } }).auth.test().catch((e: { data: { error: string } }) => e.data.error))).toBe("invalid_auth");
  });

  it("answers unknown control paths and methods plainly", async () => {
    expect((await control(sb, "GET", "nothing")).status).toBe(404);
    expect((await control(sb, "PUT", "faults", {})).status).toBe(405);
  });
});
