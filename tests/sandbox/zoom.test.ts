// The Zoom emulation: OAuth for a user-managed app (Basic client auth, PKCE,
// rotating refresh tokens, revoke), the meetings API with Zoom's status codes and
// error bodies and zod-checked bodies, signed notifications (the URL check, a
// meeting deleted by hand) and the inbox's meetings with their join links.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { APP, control, decide, openConsent, REDIRECT_URI, resetSandbox, startTestSandbox } from "./helpers";

const SECRET = "sandbox-zoom-webhook-secret-token-0000";
const SCOPES = ["user:read:user", "meeting:read:meeting", "meeting:read:list_meetings", "meeting:write:meeting", "meeting:update:meeting", "meeting:delete:meeting"];
let sb: Sandbox;
let receiver: Server;
let receiverUrl = "";
/** What the receiver got, and how it answers the URL check: correctly, or wrongly. */
const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
let answerChallenge: "right" | "wrong" = "right";

beforeAll(async () => {
  sb = await startTestSandbox();
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    received.push({ headers: req.headers, body });
    const parsed = JSON.parse(body) as { event: string; payload: { plainToken?: string } };
    res.setHeader("content-type", "application/json");
    if (parsed.event === "endpoint.url_validation") {
      const plainToken = parsed.payload.plainToken!;
      const encryptedToken = createHmac("sha256", answerChallenge === "right" ? SECRET : "wrong").update(plainToken).digest("hex");
      return res.end(JSON.stringify({ plainToken, encryptedToken }));
    }
    res.end("{}");
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/zoom`;
});
afterAll(async () => {
  await sb?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});
beforeEach(async () => {
  await resetSandbox(sb);
  received.length = 0;
  answerChallenge = "right";
});

const basic = `Basic ${Buffer.from(`${APP.clientId}:${APP.clientSecret}`).toString("base64")}`;

async function token(form: Record<string, string>, auth: string | null = basic) {
  const res = await fetch(`${sb.url}/zoom/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(auth ? { authorization: auth } : {}) },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

async function authorize(scopes = SCOPES) {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const url = `${sb.url}/zoom/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: APP.clientId, redirect_uri: REDIRECT_URI, state: "s1", code_challenge: challenge, code_challenge_method: "S256", scope: SCOPES.join(" ") })}`;
  const back = await decide(await openConsent(sb, url), "allow", scopes);
  return { code: back.searchParams.get("code")!, verifier };
}

async function connect(scopes = SCOPES) {
  const { code, verifier } = await authorize(scopes);
  const res = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
  expect(res.status).toBe(200);
  return res.body;
}

async function api(accessToken: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.url}/zoom/v2/${path}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

const meeting = { topic: "Launch", type: 2, start_time: "2030-06-01T07:00:00Z", duration: 60, timezone: "Europe/Zurich", agenda: "Details: https://example.test/e/launch", password: "abc123", settings: { waiting_room: true } };

describe("Zoom OAuth", () => {
  it("exchanges a code with PKCE and the client in Basic auth, once", async () => {
    const { code, verifier } = await authorize();
    expect((await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier }, null)).status).toBe(401);
    expect((await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: "wrong" })).body.error).toBe("invalid_request");
    const ok = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: "bearer", expires_in: 3599, scope: SCOPES.join(" ") });
    expect((await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier })).body).toEqual({ reason: "Invalid authorization code", error: "invalid_grant" });
  });

  it("rotates the refresh token on every refresh, and revoking ends the grant", async () => {
    const first = await connect();
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token! });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    expect((await token({ grant_type: "refresh_token", refresh_token: first.refresh_token! })).status).toBe(400);
    const revoke = await fetch(`${sb.url}/zoom/oauth/revoke`, { method: "POST", headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" }, body: `token=${refreshed.body.access_token}` });
    expect(await revoke.json()).toEqual({ status: "success" });
    expect(await api(refreshed.body.access_token!, "GET", "users/me")).toEqual({ status: 401, body: { code: 124, message: "Invalid access token." } });
  });

  it("refuses a call whose grant lacks the scope it needs", async () => {
    const t = await connect(["user:read:user"]);
    expect((await api(t.access_token!, "GET", "users/me")).body).toMatchObject({ account_id: "sbxAccount000000000001", email: "host@zoom.sandbox.test" });
    const refused = await api(t.access_token!, "POST", "users/me/meetings", meeting);
    expect(refused).toEqual({ status: 400, body: { code: 4711, message: "Invalid access token, does not contain scopes:[meeting:write:meeting]." } });
  });
});

describe("Zoom meetings", () => {
  it("creates, reads, updates and deletes a meeting, with Zoom's answers", async () => {
    const t = (await connect()).access_token!;
    const created = await api(t, "POST", "users/me/meetings", meeting);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ topic: "Launch", start_time: "2030-06-01T07:00:00Z", duration: 60, timezone: "Europe/Zurich", password: "abc123", settings: { waiting_room: true } });
    expect(String(created.body.join_url)).toMatch(new RegExp(`/zoom/j/${created.body.id}\\?pwd=`));
    const id = created.body.id as number;
    expect((await api(t, "PATCH", `meetings/${id}`, { topic: "Launch (moved)", duration: 90 })).status).toBe(204);
    expect((await api(t, "GET", `meetings/${id}`)).body).toMatchObject({ topic: "Launch (moved)", duration: 90 });
    expect(((await api(t, "GET", "users/me/meetings?type=upcoming")).body.meetings as unknown[]).length).toBe(1);
    expect((await api(t, "DELETE", `meetings/${id}`)).status).toBe(204);
    expect(await api(t, "GET", `meetings/${id}`)).toEqual({ status: 404, body: { code: 3001, message: `Meeting does not exist: ${id}.` } });
    expect((await api(t, "DELETE", `meetings/${id}`)).status).toBe(404);
  });

  it("refuses bodies Zoom would refuse, naming the field", async () => {
    const t = (await connect()).access_token!;
    const long = await api(t, "POST", "users/me/meetings", { ...meeting, topic: "x".repeat(201) });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: 300, message: "Validation Failed.", errors: [{ field: "topic", message: "must be at most 200 characters" }] });
    expect((await api(t, "POST", "users/me/meetings", { ...meeting, password: "has space" })).body.errors).toEqual([{ field: "password", message: "may only contain letters, numbers and @ - _ *" }]);
    expect((await api(t, "POST", "users/me/meetings", { ...meeting, duration: 1.5 })).status).toBe(400);
    expect((await api(t, "POST", "users/me/meetings", { ...meeting, timezone: "Mars/Olympus" })).status).toBe(400);
    expect((await api(t, "POST", "users/me/meetings", { ...meeting, start_time: "tomorrow" })).status).toBe(400);
    const id = (await api(t, "POST", "users/me/meetings", meeting)).body.id as number;
    const unknown = await api(t, "PATCH", `meetings/${id}`, { topc: "typo" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: "topc", message: expect.stringContaining("topc") }]);
  });
});

describe("Zoom's notifications", () => {
  it("saves the endpoint only when it answers the URL check, and signs what it sends", async () => {
    answerChallenge = "wrong";
    expect((await control(sb, "POST", "zoom/app", { webhookUrl: receiverUrl })).status).toBe(409);
    answerChallenge = "right";
    expect((await control(sb, "POST", "zoom/app", { webhookUrl: receiverUrl })).body).toEqual({ webhookUrl: receiverUrl, validated: true });
    const check = received.at(-1)!;
    const ts = String(check.headers["x-zm-request-timestamp"]);
    expect(check.headers["x-zm-signature"]).toBe("v0=" + createHmac("sha256", SECRET).update(`v0:${ts}:${check.body}`).digest("hex"));
  });

  it("tells of a meeting deleted by hand with meeting.deleted, and the inbox shows it", async () => {
    await control(sb, "POST", "zoom/app", { webhookUrl: receiverUrl });
    const t = (await connect()).access_token!;
    const id = (await api(t, "POST", "users/me/meetings", meeting)).body.id as number;
    const res = await control<{ notification: { status: number; body: string } }>(sb, "POST", "zoom/meetings/delete", { id });
    expect(res.status).toBe(200);
    const sent = JSON.parse(received.at(-1)!.body) as { event: string; payload: { account_id: string; object: { id: number } } };
    expect(sent).toMatchObject({ event: "meeting.deleted", payload: { account_id: "sbxAccount000000000001", object: { id } } });
    expect((await control(sb, "POST", "zoom/meetings/delete", { id })).status).toBe(404);
    const inbox = (await (await fetch(`${sb.url}/_sandbox/inbox.json`)).json()) as { zoom: { meetings: Array<{ id: number; joinUrl: string; deleted: { by: string } | null }> } };
    expect(inbox.zoom.meetings).toEqual([expect.objectContaining({ id, deleted: expect.objectContaining({ by: "hand" }) })]);
  });

  it("shows the meetings with their join links on the inbox page", async () => {
    const t = (await connect()).access_token!;
    const joinUrl = (await api(t, "POST", "users/me/meetings", meeting)).body.join_url as string;
    const page = await (await fetch(`${sb.url}/`)).text();
    expect(page).toContain("Meetings");
    expect(page).toContain(joinUrl.replace(/&/g, "&amp;"));
    expect((await fetch(joinUrl)).status).toBe(200);
  });
});
