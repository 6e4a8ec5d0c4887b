import { WebClient, type WebAPIPlatformError } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, mintToken, requestsOf, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
let token: string;

function slack(t: string | undefined = token) {
  return new WebClient(t, { slackApiUrl: `${sb.url}/slack/api/`, retryConfig: { retries: 0 } });
}

/** The Slack error code a call fails with. */
async function slackError(call: Promise<unknown>): Promise<WebAPIPlatformError["data"]> {
  const err = (await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  )) as WebAPIPlatformError;
  expect(err.code).toBe("slack_webapi_platform_error");
  return err.data;
}

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(async () => {
  await resetSandbox(sb);
  token = (await mintToken(sb, "slack")).access_token;
});

describe("Slack Web API", () => {
  it("answers auth.test for a bot token", async () => {
    const res = await slack().auth.test();
    expect(res).toMatchObject({ ok: true, team: "Sandbox Workspace", user_id: expect.stringMatching(/^U/), bot_id: expect.stringMatching(/^B/) });
  });

  it("lists the seeded channels with cursor pagination", async () => {
    const first = await slack().conversations.list({ limit: 2 });
    expect(first.channels?.map((c) => c.name)).toEqual(["general", "events"]);
    expect(first.response_metadata?.next_cursor).toBeTruthy();
    const second = await slack().conversations.list({ limit: 2, cursor: first.response_metadata!.next_cursor });
    expect(second.channels?.map((c) => c.name)).toEqual(["random"]);
    expect(second.response_metadata?.next_cursor).toBe("");
    const privateOnly = await slack().conversations.list({ types: "private_channel" });
    expect(privateOnly.channels?.map((c) => [c.name, c.is_private])).toEqual([["staff", true]]);
  });

  it("posts a message with blocks, given as an array or as JSON text", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Ana* registered" } }];
    const res = await slack().chat.postMessage({ channel: "C0EVENTS01", text: "Ana registered", blocks });
    expect(res).toMatchObject({ ok: true, channel: "C0EVENTS01", ts: expect.stringMatching(/^\d+\.\d{6}$/), message: { text: "Ana registered", blocks } });
    const byName = await slack().apiCall("chat.postMessage", { channel: "#general", text: "hi", blocks: JSON.stringify(blocks) });
    expect(byName.ok).toBe(true);
    const inbox = (await control<{ slack: { channels: Array<{ name: string; messages: Array<{ text: string; blocks: unknown }> }> } }>(sb, "GET", "inbox.json")).body;
    expect(inbox.slack.channels.map((c) => [c.name, c.messages[0]?.text, c.messages[0]?.blocks])).toEqual([
      ["general", "hi", blocks],
      ["events", "Ana registered", blocks],
    ]);
  });

  it("accepts a JSON body with the token in the Authorization header, and refuses one with the token inside", async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${sb.url}/slack/api/chat.postMessage`, { method: "POST", headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(body) }).then((r) => r.json());
    expect(await post({ authorization: `Bearer ${token}` }, { channel: "C0EVENTS01", text: "json" })).toMatchObject({ ok: true });
    expect(await post({}, { token, channel: "C0EVENTS01", text: "json" })).toEqual({ ok: false, error: "not_authed" });
  });

  it("refuses chat.postMessage without a channel, as the spec requires one", async () => {
    expect(await slackError(slack().apiCall("chat.postMessage", { text: "nowhere" }))).toMatchObject({ ok: false, error: "channel_not_found" });
    const logged = (await requestsOf(sb, "slack")).at(-1)!;
    expect(logged.operation).toBe("slack chat.postMessage");
    expect(logged.validation.issues).toEqual([expect.objectContaining({ path: "channel", rule: "required" })]);
  });

  it("refuses an argument of the wrong type with invalid_arguments", async () => {
    const data = await slackError(slack().apiCall("conversations.list", { limit: "many" }));
    expect(data.error).toBe("invalid_arguments");
    expect(data.response_metadata?.messages?.[0]).toMatch(/\[ERROR\].*limit/);
  });

  it("refuses posts to a channel the bot is not in, or does not exist, or without text", async () => {
    const plain = (await mintToken(sb, "slack", ["chat:write"])).access_token;
    expect((await slackError(slack(plain).chat.postMessage({ channel: "C0RANDOM01", text: "hi" }))).error).toBe("not_in_channel");
    // chat:write.public lets a bot post to public channels it has not joined, as in Slack.
    expect((await slack().chat.postMessage({ channel: "C0RANDOM01", text: "hi" })).ok).toBe(true);
    expect((await slackError(slack().chat.postMessage({ channel: "C0NOPE0000", text: "hi" }))).error).toBe("channel_not_found");
    expect((await slackError(slack().apiCall("chat.postMessage", { channel: "C0EVENTS01" }))).error).toBe("no_text");
    expect((await slackError(slack().apiCall("chat.postMessage", { channel: "C0EVENTS01", blocks: "[{" }))).error).toBe("invalid_blocks_format");
  });

  it("creates channels under Slack's naming rules", async () => {
    const created = await slack().conversations.create({ name: "event-launch-2030" });
    expect(created.channel).toMatchObject({ name: "event-launch-2030", is_member: true, is_private: false, id: expect.stringMatching(/^C/) });
    expect((await slackError(slack().conversations.create({ name: "event-launch-2030" }))).error).toBe("name_taken");
    expect((await slackError(slack().conversations.create({ name: "Has Spaces" }))).error).toBe("invalid_name_specials");
    expect((await slackError(slack().conversations.create({ name: "x".repeat(81) }))).error).toBe("invalid_name_maxlength");
    expect((await slackError(slack().conversations.create({ name: "---" }))).error).toBe("invalid_name_punctuation");
    expect((await slackError(slack().apiCall("conversations.create", {}))).error).toBe("invalid_name_required");
  });

  it("looks users up by e-mail and invites them", async () => {
    const found = await slack().users.lookupByEmail({ email: "alex@example.com" });
    expect(found.user).toMatchObject({ id: "U0ALEX0001", profile: { email: "alex@example.com" } });
    expect((await slackError(slack().users.lookupByEmail({ email: "nobody@example.com" }))).error).toBe("users_not_found");
    const channel = (await slack().conversations.create({ name: "event-invites" })).channel!.id!;
    const invited = await slack().conversations.invite({ channel, users: "U0ALEX0001,U0BOLA0001" });
    expect(invited.channel).toMatchObject({ num_members: 3 });
    expect((await slackError(slack().conversations.invite({ channel, users: "U0ALEX0001" }))).error).toBe("already_in_channel");
    expect((await slackError(slack().conversations.invite({ channel, users: "U0NOBODY00" }))).error).toBe("user_not_found");
    expect((await slackError(slack().conversations.invite({ channel: "C0RANDOM01", users: "U0ALEX0001" }))).error).toBe("not_in_channel");
  });

  it("answers missing_scope naming the scope needed and those provided", async () => {
    const narrow = (await mintToken(sb, "slack", ["chat:write", "channels:read"])).access_token;
    const data = await slackError(slack(narrow).conversations.list({ types: "public_channel,private_channel" }));
    expect(data).toMatchObject({ error: "missing_scope", needed: "groups:read", provided: "chat:write,channels:read" });
    expect((await slackError(slack(narrow).users.lookupByEmail({ email: "alex@example.com" }))).error).toBe("missing_scope");
  });

  it("rejects unknown and revoked tokens", async () => {
    expect((await slackError(slack("xoxb-sandbox-unknown").auth.test())).error).toBe("invalid_auth");
    expect((await slackError(slack("").auth.test())).error).toBe("not_authed");
    expect(await slack().auth.revoke({ test: true })).toMatchObject({ ok: true, revoked: false });
    expect(await slack().auth.revoke()).toMatchObject({ ok: true, revoked: true });
    expect((await slackError(slack().auth.test())).error).toBe("token_revoked");
  });

  it("answers an unknown method with 404 unknown_method", async () => {
    const res = await fetch(`${sb.url}/slack/api/nothing.here`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: "unknown_method", req_method: "nothing.here" });
  });
});
