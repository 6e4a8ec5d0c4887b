// Zoom end to end against the sandbox: OAuth (user-managed app, PKCE), a meeting
// per online event created once however often the delivery is retried, moved
// with the event, deleted with it; Zoom's signed notifications at
// /api/webhooks/zoom through our real route (the URL check answered, forged and
// stale signatures refused and not stored, a repeat stored once, a meeting
// deleted by hand marking the event's link missing, an unknown account refused);
// and a revoked grant that needs a person.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { disconnect, updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { loadConnector } from "@/lib/integrations/registry";
import { meetingsForEvent } from "@/lib/meetings/store";
import { consent } from "../helpers/consent";
import { eventFields } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";
import { useWebhookRoute } from "../helpers/webhook-route";

const { t, sandbox, owner } = useIntegrationHarness();
const app = useWebhookRoute(t);
// The sandbox app's secret token: public, it only opens the emulator.
const SANDBOX_SECRET = "sandbox-zoom-webhook-secret-token-0000";
const SANDBOX_ACCOUNT = "sbxAccount000000000001";

interface SandboxMeeting {
  id: number;
  topic: string;
  startTime: string;
  duration: number;
  timezone: string;
  agenda: string;
  waitingRoom: boolean;
  passcode: string;
  joinUrl: string;
  deleted: null | { by: "api" | "hand" };
}

const zoom = async () => (await loadConnector("zoom"))!;
const webhookUrl = () => `${app.url}/api/webhooks/zoom`;

async function connectZoom() {
  const connector = await zoom();
  const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector, mode: "sandbox" }));
  expect(url.pathname).toBe("/zoom/oauth/authorize");
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  const back = await consent(url.toString());
  return completeAuthorization(t.db, appKeyring(), { connector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
}

async function meetings(): Promise<SandboxMeeting[]> {
  return (await sandbox.inbox()).zoom.meetings;
}

async function linkOf(eventId: string) {
  return (await t.db.selectFrom("events").select("meeting_url").where("id", "=", eventId).executeTakeFirstOrThrow()).meeting_url;
}

async function storedCount() {
  const r = await t.db.selectFrom("webhook_events").select((eb) => eb.fn.countAll<string>().as("n")).where("provider", "=", "zoom").executeTakeFirstOrThrow();
  return Number(r.n);
}

function signedPost(body: string, opts: { secret?: string; timestamp?: number } = {}) {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = "v0=" + createHmac("sha256", opts.secret ?? SANDBOX_SECRET).update(`v0:${ts}:${body}`).digest("hex");
  return fetch(webhookUrl(), { method: "POST", headers: { "content-type": "application/json", "x-zm-request-timestamp": String(ts), "x-zm-signature": sig }, body });
}

async function onlineEvent(title: string) {
  const event = await createEvent(t.db, t.orgId, { ...eventFields, title, online: "on" });
  const published = await publishEvent(t.db, t.orgId, event.id);
  const meeting = await waitFor(async () => (await meetings()).find((m) => m.topic === title && !m.deleted), { what: `the meeting of ${title}`, timeoutMs: 20_000 });
  await waitFor(async () => (await linkOf(event.id)) === meeting.joinUrl, { what: "the link on the event", timeoutMs: 20_000 });
  return { event: published, meeting };
}

async function zoomContext() {
  const row = (await findConnection(t.db, t.orgId, "zoom"))!;
  return connectorContext(t.db, appKeyring(), await zoom(), row);
}

describe("Zoom", () => {
  it("connects with OAuth and PKCE, linked to the Zoom account, and proves it", async () => {
    expect(await connectZoom()).toMatchObject({ ok: true });
    const row = (await findConnection(t.db, t.orgId, "zoom"))!;
    expect(row.status).toBe("connected");
    expect(row.external_account_id).toBe(SANDBOX_ACCOUNT);
    expect(row.token_expires_at!.getTime()).toBeGreaterThan(Date.now());
    const tested = await (await zoom()).testConnection(await zoomContext());
    expect(tested.detail).toContain("host@zoom.sandbox.test");
    await updateSettings(t.db, t.orgId, "zoom", { waitingRoom: true, passcode: true });
  });

  it("creates a meeting for an online event on publish, with the settings, and puts its link in the event's facts", async () => {
    const { event, meeting } = await onlineEvent("Webinar Day");
    expect(meeting).toMatchObject({ startTime: "2030-06-01T07:00:00Z", duration: 480, timezone: "Europe/Zurich", waitingRoom: true });
    expect(meeting.passcode).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(meeting.agenda).toContain(`/e/${event.slug}`);
    expect(meeting.joinUrl).toMatch(/\/zoom\/j\/\d+\?pwd=/);
    const [stored] = await meetingsForEvent(t.db, t.orgId, event.id);
    expect(stored).toMatchObject({ status: "active", joinUrl: meeting.joinUrl, providerMeetingId: String(meeting.id), connectorId: "zoom" });
    const updated = await t.db.selectFrom("domain_events").select("payload").where("aggregate_id", "=", event.id).where("type", "=", "event.updated").execute();
    expect(updated.map((u) => (u.payload as { event: { meetingUrl?: string } }).event.meetingUrl)).toContain(meeting.joinUrl);
  });

  it("creates no meeting for an event held in a place", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Hall Only" });
    await publishEvent(t.db, t.orgId, event.id);
    const fact = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", event.id).where("type", "=", "event.published").executeTakeFirstOrThrow();
    await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").select("status").where("domain_event_id", "=", fact.id).where("subscriber", "like", "connection:%").executeTakeFirst();
      return d?.status === "succeeded" ? d : undefined;
    }, { what: "the delivery", timeoutMs: 20_000 });
    expect((await meetings()).filter((m) => m.topic === "Hall Only")).toHaveLength(0);
  });

  it("never creates a second meeting when a delivery is retried, even after a lost answer", async () => {
    const { event } = await onlineEvent("Retry Summit");
    const connector = await zoom();
    const published = eventSnapshot((await t.db.selectFrom("events").selectAll().where("id", "=", event.id).executeTakeFirstOrThrow()));
    const fact = { type: "event.published", payload: { event: published } } as never;
    await connector.handlers["event.published"]!(fact, (await zoomContext()) as never);
    // As if the create's answer never arrived: the marker is pending and nothing is recorded.
    await t.db.updateTable("external_objects").set({ data: JSON.stringify({ pending: true }), external_id: "" }).where("local_id", "=", event.id).execute();
    await t.db.deleteFrom("event_meetings").where("event_id", "=", event.id).execute();
    await connector.handlers["event.published"]!(fact, (await zoomContext()) as never);
    const matching = (await meetings()).filter((m) => m.topic === "Retry Summit" && !m.deleted);
    expect(matching).toHaveLength(1);
    expect(await linkOf(event.id)).toBe(matching[0]!.joinUrl);
    expect((await meetingsForEvent(t.db, t.orgId, event.id))[0]).toMatchObject({ providerMeetingId: String(matching[0]!.id), status: "active" });
  });

  it("never creates a second meeting when the call policy retries a create whose answer was lost", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Lost Answer Live", online: "on" });
    const row = await t.db.updateTable("events").set({ status: "published" }).where("id", "=", event.id).returningAll().executeTakeFirstOrThrow();
    const real = (await zoomContext()) as Awaited<ReturnType<typeof zoomContext>>;
    // Zoom creates the meeting, the answer never arrives, and the policy tries again.
    const ctx = {
      ...real,
      call: async <T,>(operation: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
        if (operation !== "meetings.create") return real.call(operation, fn);
        await fn(new AbortController().signal);
        return fn(new AbortController().signal);
      },
    };
    await (await zoom()).handlers["event.published"]!({ type: "event.published", payload: { event: eventSnapshot(row) } } as never, ctx as never);
    const matching = (await meetings()).filter((m) => m.topic === "Lost Answer Live" && !m.deleted);
    expect(matching).toHaveLength(1);
    expect(await linkOf(event.id)).toBe(matching[0]!.joinUrl);
  });

  it("moves the meeting with the event and deletes it when the event is cancelled, without calling it missing", async () => {
    const { event, meeting } = await onlineEvent("Moving Meetup");
    const current = await t.db.selectFrom("events").select("version").where("id", "=", event.id).executeTakeFirstOrThrow();
    await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Moving Meetup", online: "on", startsAt: "2030-06-02T10:00", endsAt: "2030-06-02T11:30", version: current.version });
    await waitFor(async () => (await meetings()).find((m) => m.id === meeting.id && m.startTime === "2030-06-02T08:00:00Z" && m.duration === 90), { what: "the moved meeting", timeoutMs: 20_000 });

    await cancelEvent(t.db, t.orgId, event.id);
    await waitFor(async () => (await meetings()).find((m) => m.id === meeting.id && m.deleted?.by === "api"), { what: "the deleted meeting", timeoutMs: 20_000 });
    // Zoom tells of our own deletion too; it is stored and recognised as ours.
    const told = await waitFor(async () => {
      const r = await t.db.selectFrom("webhook_events").selectAll().where("provider", "=", "zoom").where("external_id", "like", `meeting.deleted:%`).where("status", "<>", "received").execute();
      return r.find((w) => JSON.stringify(w.payload).includes(String(meeting.id)));
    }, { what: "Zoom's notification of the deletion", timeoutMs: 20_000 });
    expect(told.status).toBe("ignored");
    expect(await meetingsForEvent(t.db, t.orgId, event.id)).toEqual([]);
    expect(await linkOf(event.id)).toBeNull();
  });
});

describe("Zoom refusing for a while", () => {
  it("creates the meeting once after a 429 with Retry-After and a 500, and the event is published at once", async () => {
    await sandbox.control("faults", { provider: "zoom", match: "/zoom/v2/users/me/meetings", kind: "rate_limit", retryAfterSeconds: 1, times: 1 });
    await sandbox.control("faults", { provider: "zoom", match: "/zoom/v2/users/me/meetings", kind: "status", status: 500, times: 1 });
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Busy Zoom", online: "on" });
    expect((await publishEvent(t.db, t.orgId, event.id)).status).toBe("published");
    const meeting = await waitFor(async () => (await meetings()).find((m) => m.topic === "Busy Zoom"), { what: "the meeting after the faults", timeoutMs: 30_000 });
    await waitFor(async () => (await linkOf(event.id)) === meeting.joinUrl, { what: "the link", timeoutMs: 20_000 });
    expect((await meetings()).filter((m) => m.topic === "Busy Zoom")).toHaveLength(1);
    expect((await sandbox.control("faults", undefined, "GET")).faults).toHaveLength(0);
  });
});

describe("Zoom tokens", () => {
  it("refreshes an expired access token before calling, keeping the rotated refresh token", async () => {
    await sandbox.control("expire", { provider: "zoom" });
    const row = (await findConnection(t.db, t.orgId, "zoom"))!;
    const { readCredentials, sealCredentials } = await import("@/lib/integrations/connections/credentials");
    const tokens = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), row, "Zoom");
    await t.db.updateTable("connections").set({ token_expires_at: new Date(Date.now() - 1000), credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where("id", "=", row.id).execute();
    const tested = await (await zoom()).testConnection(await zoomContext());
    expect(tested.detail).toContain("host@zoom.sandbox.test");
    const after = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), (await findConnection(t.db, t.orgId, "zoom"))!, "Zoom");
    expect(after.refreshToken).not.toBe(tokens.refreshToken);
    // The old refresh token is spent: only the stored one works.
    const again = await (await zoom()).testConnection(await zoomContext());
    expect(again.detail).toContain("host@zoom.sandbox.test");
  });
});

describe("Zoom's notifications at /api/webhooks/zoom", () => {
  it("answers the endpoint.url_validation challenge, as Zoom's settings page checks it", async () => {
    const saved = await sandbox.control("zoom/app", { webhookUrl: webhookUrl() });
    expect(saved).toEqual({ webhookUrl: webhookUrl(), validated: true });
    // A challenge signed with another secret is refused, and nothing is stored.
    const before = await storedCount();
    const body = JSON.stringify({ payload: { plainToken: "abc" }, event_ts: Date.now(), event: "endpoint.url_validation" });
    expect((await signedPost(body, { secret: "not-the-secret" })).status).toBe(400);
    const ok = await signedPost(body);
    expect(await ok.json()).toEqual({ plainToken: "abc", encryptedToken: createHmac("sha256", SANDBOX_SECRET).update("abc").digest("hex") });
    expect(await storedCount()).toBe(before);
  });

  it("refuses forged and stale signatures with 400 and stores nothing", async () => {
    const { meeting } = await onlineEvent("Signed Talk");
    const before = await storedCount();
    const forged = await sandbox.control("zoom/notify", { id: meeting.id, signature: "forged" });
    expect(forged.status).toBe(400);
    const stale = await sandbox.control("zoom/notify", { id: meeting.id, signature: "stale" });
    expect(stale.status).toBe(400);
    expect(await storedCount()).toBe(before);
    expect((await meetingsForEvent(t.db, t.orgId, (await t.db.selectFrom("events").select("id").where("title", "=", "Signed Talk").executeTakeFirstOrThrow()).id))[0]!.status).toBe("active");
  });

  it("marks the link missing when the meeting is deleted by hand in Zoom, once however often Zoom tells", async () => {
    const { event, meeting } = await onlineEvent("Fragile Forum");
    const before = await storedCount();
    const deleted = await sandbox.control("zoom/meetings/delete", { id: meeting.id });
    expect(deleted.notification.status).toBe(200);
    const eventTs = JSON.parse(deleted.notification.body).event_ts as number;
    // Zoom resends a notification with the same event_ts: stored once.
    const again = await sandbox.control("zoom/notify", { id: meeting.id, eventTs });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.answer)).toMatchObject({ duplicate: true });
    expect(await storedCount()).toBe(before + 1);
    const missing = await waitFor(async () => (await meetingsForEvent(t.db, t.orgId, event.id)).find((m) => m.status === "missing"), { what: "the missing link", timeoutMs: 20_000 });
    expect(missing.missingReason).toContain("deleted in Zoom");
    expect(await linkOf(event.id)).toBeNull();
    // A later change to the event does not quietly make a new meeting: the admin sees it is missing.
    const current = await t.db.selectFrom("events").select("version").where("id", "=", event.id).executeTakeFirstOrThrow();
    await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Fragile Forum", description: "Now longer", online: "on", version: current.version });
    const fact = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", event.id).where("type", "=", "event.updated").orderBy("occurred_at", "desc").executeTakeFirstOrThrow();
    await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").select("status").where("domain_event_id", "=", fact.id).where("subscriber", "like", "connection:%").executeTakeFirst();
      return d?.status === "succeeded" ? d : undefined;
    }, { what: "the update's delivery", timeoutMs: 20_000 });
    expect((await meetings()).filter((m) => m.topic === "Fragile Forum" && !m.deleted)).toHaveLength(0);
  });

  it("answers 400 to a notification for an account nobody connected, and stores nothing", async () => {
    const before = await storedCount();
    const body = JSON.stringify({ event: "meeting.deleted", event_ts: Date.now(), payload: { account_id: "someOtherAccount", object: { id: 81234567890, uuid: "x==" } } });
    const res = await signedPost(body);
    expect(res.status).toBe(400);
    expect(await storedCount()).toBe(before);
  });
});

describe("a disconnected Zoom connection", () => {
  it("revokes the grant, and a later notification for its account is answered 400 and not stored", async () => {
    const { meeting } = await onlineEvent("Last Call");
    await disconnect(t.db, appKeyring(), t.orgId, "zoom");
    const revokes = (await sandbox.requests("zoom")).filter((r: { path: string }) => r.path === "/zoom/oauth/revoke");
    expect(revokes).toHaveLength(1);
    const before = await storedCount();
    const told = await sandbox.control("zoom/meetings/delete", { id: meeting.id });
    expect(told.notification.status).toBe(400);
    expect(await storedCount()).toBe(before);
    // Connect again for what follows.
    expect(await connectZoom()).toMatchObject({ ok: true });
  });
});

describe("a revoked Zoom grant", () => {
  it("marks the connection Needs attention, and the event is still published", async () => {
    await sandbox.control("revoke", { provider: "zoom" });
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "After Revoke", online: "on" });
    const published = await publishEvent(t.db, t.orgId, event.id);
    expect(published.status).toBe("published");
    const after = await waitFor(async () => {
      const row = (await findConnection(t.db, t.orgId, "zoom"))!;
      return row.status === "needs_attention" ? row : undefined;
    }, { what: "the connection to need attention", timeoutMs: 20_000 });
    expect(after.status_reason).toContain("reconnect Zoom");
    expect((await meetings()).filter((m) => m.topic === "After Revoke")).toHaveLength(0);
  });
});
