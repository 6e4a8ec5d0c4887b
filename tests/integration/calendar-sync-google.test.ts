// Two-way sync with Google Calendar end to end against the sandbox, with its push
// notifications arriving at our real route: the channel opened on connect (only
// the secret's hash kept), forged and repeated pushes, "Switchboard wins" and
// "calendar wins" (across a DST change), a refused change, a deleted entry
// waiting for a person, a 410 answered by a full read that applies nothing
// twice, renewal (by the sweep, and retried and alerted when it fails), and
// disconnecting, which stops the channel.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { hashChannelSecret } from "@/lib/calendar-channels/channels";
import { calendarSyncTasks, ALERT_AFTER_ATTEMPTS } from "@/lib/calendar-sync/tasks";
import { confirmRemoval, putEntryBack } from "@/lib/calendar-sync/decide";
import { sweepCalendarChannels } from "@/lib/calendar-sync/sweep";
import { syncCalendar } from "@/lib/calendar-sync/sync";
import { requestReadNow } from "@/lib/calendar-sync/view";
import { createEvent, publishEvent } from "@/lib/domain/events/service";
import { instantToLocal } from "@/lib/domain/time";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { disconnect, setEnabled, updateSettings } from "@/lib/integrations/connections/service";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { calendarClient } from "@/lib/integrations/google-calendar/client";
import { connector as googleCalendar } from "@/lib/integrations/google-calendar/connector";
import { entryIdFor } from "@/lib/integrations/google-calendar/entries";
import type { CalendarContext } from "@/lib/integrations/google-calendar/manifest";
import { appKeyring } from "@/lib/vault/app-keyring";
import { calendarQuiet } from "../helpers/calendar-quiet";
import { consent } from "../helpers/consent";
import { eventFields } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";
import { useWebhookRoute } from "../helpers/webhook-route";

const { t, sandbox, owner } = useIntegrationHarness();
const app = useWebhookRoute(t);
let connectionId = "";
const KNOWN_TOKEN = "fake-channel-token-for-tests-0000";

interface SandboxEntry {
  id: string;
  etag: string;
  summary: string;
  status: string;
  location?: string;
  start: { dateTime: string };
  end: { dateTime: string };
}

async function entry(eventId: string): Promise<SandboxEntry | undefined> {
  const found = ((await sandbox.inbox())["google-calendar"].events as Array<SandboxEntry & { resource: { etag: string } }>).find((e) => e.id === entryIdFor(eventId));
  return found ? { ...found, etag: found.resource.etag } : undefined;
}

async function channels() {
  return t.db.selectFrom("calendar_channels").selectAll().where("connection_id", "=", connectionId).orderBy("created_at").execute();
}
const active = async () => (await channels()).find((c) => c.status === "active");
async function sandboxChannel(id: string) {
  const { channels: list } = await sandbox.control("google-calendar/channels", undefined, "GET");
  return (list as Array<{ id: string; address: string; hasToken: boolean; live: boolean; stoppedAt: string | null }>).find((c) => c.id === id);
}

async function storedVersion(eventId: string) {
  const r = await t.db.selectFrom("external_objects").select("data").where("connection_id", "=", connectionId).where("local_id", "=", eventId).executeTakeFirst();
  return r?.data.version as string | undefined;
}

async function changesOf(eventId: string) {
  return t.db.selectFrom("calendar_changes").selectAll().where("event_id", "=", eventId).orderBy("created_at").execute();
}

const eventRow = (id: string) => t.db.selectFrom("events").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** An organizer's edit in Google Calendar: another write to the entry, not through Switchboard. */
async function editInCalendar(eventId: string, change: Record<string, unknown> | "delete") {
  const row = (await findConnection(t.db, t.orgId, "google-calendar"))!;
  const ctx = (await connectorContext(t.db, appKeyring(), googleCalendar, row)) as unknown as CalendarContext;
  const events = calendarClient(ctx.baseUrl, ctx.credentials.accessToken).events;
  const rootUrl = `${sandbox.url}/google-calendar/`;
  if (change === "delete") await events.delete({ calendarId: "primary", eventId: entryIdFor(eventId) }, { rootUrl });
  else await events.patch({ calendarId: "primary", eventId: entryIdFor(eventId), requestBody: change }, { rootUrl });
}

/** The same, made by a person in the sandbox's calendar (its "Edit in calendar" control). */
async function editBySandbox(eventId: string, change: { startsAt?: string; endsAt?: string; title?: string; location?: string; remove?: true }) {
  await sandbox.control(`calendar/entries/${entryIdFor(eventId)}/edit`, change);
}

/** Every push the sandbox sent answered, and no calendar or delivery job waiting. */
async function quiet(): Promise<void> {
  await calendarQuiet(t.db, async () => {
    const { deliveries } = await sandbox.control("google-calendar/pushes", undefined, "GET");
    return (deliveries as Array<{ status: number | null }>).some((d) => d.status === null);
  });
}

async function publishedWithEntry(fields: Partial<typeof eventFields>) {
  const ev = await createEvent(t.db, t.orgId, { ...eventFields, ...fields });
  await publishEvent(t.db, t.orgId, ev.id);
  const e = await waitFor(async () => {
    const x = await entry(ev.id);
    return x && (await storedVersion(ev.id)) === x.etag ? x : undefined;
  }, { what: "the entry with its version recorded", timeoutMs: 20_000 });
  await quiet();
  return { event: await eventRow(ev.id), entry: e };
}

function push(headers: Record<string, string>, connection = connectionId) {
  return fetch(`${app.url}/api/webhooks/google-calendar?connection=${connection}`, { method: "POST", headers: { "x-goog-resource-state": "exists", "x-goog-message-number": "1", ...headers } });
}

async function withKnownToken<T>(run: (channelId: string) => Promise<T>): Promise<T> {
  const c = (await active())!;
  await t.db.updateTable("calendar_channels").set({ secret_hash: hashChannelSecret(KNOWN_TOKEN) }).where("id", "=", c.id).execute();
  try {
    return await run(c.channel_id);
  } finally {
    await t.db.updateTable("calendar_channels").set({ secret_hash: c.secret_hash }).where("id", "=", c.id).execute();
  }
}

const helpers = (attempts: number) => ({ job: { attempts, max_attempts: 25 }, logger: { info() {}, warn() {}, error() {}, debug() {} } }) as never;

describe("Two-way sync with Google Calendar", () => {
  it("opens a push channel on connect, keeping only a hash of its token, and reads the calendar once", async () => {
    const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: googleCalendar, mode: "sandbox" }));
    const back = await consent(url.toString());
    const result = await completeAuthorization(t.db, appKeyring(), {
      connector: googleCalendar, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null,
    });
    expect(result).toMatchObject({ ok: true });
    connectionId = (await findConnection(t.db, t.orgId, "google-calendar"))!.id;
    const channel = await waitFor(async () => {
      const c = await active();
      return c?.last_synced_at ? c : undefined;
    }, { what: "the channel and its first read", timeoutMs: 20_000 });
    expect(channel.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(channel.cursor).toBeTruthy();
    expect(channel.expires_at.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    const atGoogle = (await sandboxChannel(channel.channel_id))!;
    expect(atGoogle).toMatchObject({ address: `${app.url}/api/webhooks/google-calendar?connection=${connectionId}`, hasToken: true, live: true });
    // Google's hello on the channel was verified, stored and left alone.
    const hello = await waitFor(
      () => t.db.selectFrom("webhook_events").selectAll().where("connection_id", "=", connectionId).where("external_id", "=", `${channel.channel_id}:1`).where("status", "<>", "received").executeTakeFirst(),
      { what: "the channel's sync message to be processed" },
    );
    expect(hello).toMatchObject({ type: "sync", status: "ignored" });
  });

  it("refuses a push whose channel token is missing, wrong, or for another connection, and stores nothing", async () => {
    const before = await t.db.selectFrom("webhook_events").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const c = (await active())!;
    expect((await push({ "x-goog-channel-id": c.channel_id, "x-goog-message-number": "77" })).status).toBe(400);
    expect((await push({ "x-goog-channel-id": c.channel_id, "x-goog-channel-token": "forged-token", "x-goog-message-number": "78" })).status).toBe(400);
    expect((await push({ "x-goog-channel-id": "some-other-channel", "x-goog-channel-token": "forged-token" })).status).toBe(400);
    expect((await push({ "x-goog-channel-id": c.channel_id, "x-goog-channel-token": "forged-token" }, randomUUID())).status).toBe(400);
    const after = await t.db.selectFrom("webhook_events").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("stores a repeated push once and reads the changes for it", async () => {
    await quiet();
    await withKnownToken(async (channelId) => {
      const first = await push({ "x-goog-channel-id": channelId, "x-goog-channel-token": KNOWN_TOKEN, "x-goog-message-number": "9001" });
      const again = await push({ "x-goog-channel-id": channelId, "x-goog-channel-token": KNOWN_TOKEN, "x-goog-message-number": "9001" });
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(await again.json()).toMatchObject({ duplicate: true });
      const rows = await t.db.selectFrom("webhook_events").select(["status", "outcome"]).where("connection_id", "=", connectionId).where("external_id", "=", `${channelId}:9001`).execute();
      expect(rows).toHaveLength(1);
      await waitFor(async () => (await t.db.selectFrom("webhook_events").select("status").where("external_id", "=", `${channelId}:9001`).executeTakeFirst())?.status === "processed", { what: "the push to be processed" });
    });
  });

  it("Read the calendar now queues one read of the changes", async () => {
    const before = (await active())!.last_synced_at!;
    await requestReadNow(t.db, t.orgId, connectionId);
    await waitFor(async () => ((await active())!.last_synced_at?.getTime() ?? 0) > before.getTime(), { what: "the requested read" });
    await expect(requestReadNow(t.db, randomUUID(), connectionId)).rejects.toThrow("no open channel");
  });

  it("Switchboard wins: an entry changed in the calendar is put back, logged, and the restore is not read back", async () => {
    const { event } = await publishedWithEntry({ title: "Board Meeting" });
    await editBySandbox(event.id, { title: "Renamed by hand", startsAt: "2030-06-01T12:00:00+02:00" });
    await waitFor(async () => (await changesOf(event.id)).length > 0, { what: "the change to be logged", timeoutMs: 20_000 });
    await quiet();
    const back = (await entry(event.id))!;
    expect(back.summary).toBe("Board Meeting");
    expect(new Date(back.start.dateTime).toISOString()).toBe(event.starts_at.toISOString());
    expect(await storedVersion(event.id)).toBe(back.etag);
    const changes = await changesOf(event.id);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ policy: "switchboard", outcome: "reverted" });
    expect(changes[0]!.fields).toMatchObject({ title: { before: "Board Meeting", after: "Renamed by hand" }, startsAt: { after: "2030-06-01T10:00:00.000Z" } });
    expect((await eventRow(event.id)).version).toBe(event.version);
  });

  it("changing the settings replaces the channel, and the old one is stopped at Google", async () => {
    const old = (await active())!;
    await updateSettings(t.db, t.orgId, "google-calendar", { calendarId: "primary", addAttendeesAsGuests: false, reminderMinutes: "30", twoWaySync: "calendar" });
    const next = await waitFor(async () => {
      const c = await active();
      return c && c.id !== old.id ? c : undefined;
    }, { what: "a new channel", timeoutMs: 20_000 });
    // The cursor is carried over, so what changed in between is not lost.
    expect(next.cursor).toBeTruthy();
    expect((await channels()).find((c) => c.id === old.id)?.status).toBe("stopped");
    // The new channel is committed (and the old one marked stopped with it) before the old one is stopped at Google, so that stop may land a moment later.
    await waitFor(async () => (await sandboxChannel(old.channel_id))?.live === false, { what: "the old channel stopped at Google", timeoutMs: 20_000 });
    await quiet();
  });

  it("a channel on another calendar starts from a fresh read; back on the first, it carries on from its cursor", async () => {
    const primary = (await active())!;
    const settings = { addAttendeesAsGuests: false, reminderMinutes: "30", twoWaySync: "calendar" };
    await updateSettings(t.db, t.orgId, "google-calendar", { ...settings, calendarId: "c_sandboxteamevents@group.calendar.google.com" });
    const team = await waitFor(async () => {
      const c = await active();
      return c && c.id !== primary.id && c.last_synced_at ? c : undefined;
    }, { what: "a channel on the team calendar", timeoutMs: 20_000 });
    expect(team.resource_id).not.toBe(primary.resource_id);
    expect(team.cursor).not.toBe(primary.cursor);
    await quiet();
    const primaryCursor = (await channels()).find((c) => c.id === primary.id)!.cursor;
    const seen = ((await sandbox.requests("google-calendar")) as Array<{ id: number }>).reduce((m, r) => Math.max(m, r.id), 0);
    await updateSettings(t.db, t.orgId, "google-calendar", { ...settings, calendarId: "primary" });
    const back = await waitFor(async () => {
      const c = await active();
      return c && c.id !== team.id ? c : undefined;
    }, { what: "a channel on the primary calendar again", timeoutMs: 20_000 });
    expect(back.resource_id).toBe(primary.resource_id);
    await quiet();
    // The first read of the primary calendar since asks from its old cursor, not for everything.
    const reads = ((await sandbox.requests("google-calendar")) as Array<{ id: number; path: string; method: string; query: Record<string, string> }>)
      .filter((r) => r.id > seen && r.method === "GET" && /\/calendars\/primary\/events$/.test(r.path))
      .sort((a, b) => a.id - b.id);
    expect(reads[0]?.query.syncToken).toBe(primaryCursor);
  });

  it("calendar wins: an entry moved across a DST change moves the event, through the domain, once", async () => {
    // Zurich leaves winter time on 2030-03-31.
    const { event } = await publishedWithEntry({ title: "Spring Workshop", venue: "Hall 1", startsAt: "2030-03-29T10:00", endsAt: "2030-03-29T12:00" });
    await editInCalendar(event.id, {
      start: { dateTime: "2030-04-02T10:00:00+02:00", timeZone: "Europe/Zurich" },
      end: { dateTime: "2030-04-02T12:30:00+02:00", timeZone: "Europe/Zurich" },
      location: "Room 7",
    });
    const moved = await waitFor(async () => {
      const e = await eventRow(event.id);
      return e.version > event.version ? e : undefined;
    }, { what: "the event to follow the calendar", timeoutMs: 20_000 });
    expect(moved.starts_at.toISOString()).toBe("2030-04-02T08:00:00.000Z");
    expect(moved.ends_at.toISOString()).toBe("2030-04-02T10:30:00.000Z");
    expect(instantToLocal(moved.starts_at, moved.time_zone)).toBe("2030-04-02T10:00");
    expect(moved.venue).toBe("Room 7");
    const facts = await t.db.selectFrom("domain_events").select("payload").where("aggregate_id", "=", event.id).where("type", "=", "event.updated").execute();
    expect(facts.map((f) => (f.payload as { event: { startsAt: string } }).event.startsAt)).toEqual(["2030-04-02T08:00:00.000Z"]);
    await quiet();
    // Our own patch that followed event.updated came back as a push and was recognised.
    const after = (await entry(event.id))!;
    expect(await storedVersion(event.id)).toBe(after.etag);
    expect((await eventRow(event.id)).version).toBe(event.version + 1);
    const changes = await changesOf(event.id);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ policy: "calendar", outcome: "applied" });
    expect(changes[0]!.fields).toMatchObject({ startsAt: { before: "2030-03-29T09:00:00.000Z" }, location: { before: "Hall 1", after: "Room 7" } });
    // Reading everything again (as after missed notifications) applies nothing a second time.
    const again = await syncCalendar(t.db, connectionId, "missed");
    expect(again).toMatchObject({ full: true });
    expect(again).not.toHaveProperty("outcomes.applied");
    expect(again).not.toHaveProperty("outcomes.reverted");
    expect((await eventRow(event.id)).version).toBe(event.version + 1);
    expect(await changesOf(event.id)).toHaveLength(1);
  });

  it("calendar wins: a change the event cannot take is refused with the reason, and the entry put back", async () => {
    const { event } = await publishedWithEntry({ title: "Short Title" });
    await editInCalendar(event.id, { summary: "x".repeat(240) });
    await waitFor(async () => (await changesOf(event.id)).length > 0, { what: "the refusal to be logged", timeoutMs: 20_000 });
    await quiet();
    const [change] = await changesOf(event.id);
    expect(change).toMatchObject({ outcome: "refused" });
    expect(change!.reason).toContain("title: Keep the title under 200 characters");
    expect((await entry(event.id))!.summary).toBe("Short Title");
    expect((await eventRow(event.id)).version).toBe(event.version);
    expect(await changesOf(event.id)).toHaveLength(1);
  });

  it("calendar wins: a deleted entry waits for a person, who cancels the event", async () => {
    const { event } = await publishedWithEntry({ title: "Paid Gala" });
    await editBySandbox(event.id, { remove: true });
    await waitFor(async () => (await changesOf(event.id)).length > 0, { what: "the deletion to be logged", timeoutMs: 20_000 });
    await quiet();
    const [change] = await changesOf(event.id);
    expect(change).toMatchObject({ outcome: "awaiting_confirmation", fields: { removed: { before: false, after: true } } });
    // Never cancelled by the calendar alone.
    expect((await eventRow(event.id)).status).toBe("published");
    await confirmRemoval(t.db, t.orgId, change!.id);
    expect((await eventRow(event.id)).status).toBe("cancelled");
    await expect(confirmRemoval(t.db, t.orgId, change!.id)).rejects.toThrow("already answered");
    await quiet();
    const changes = await changesOf(event.id);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ outcome: "confirmed" });
  });

  it("calendar wins: a deleted entry waits for a person, who puts it back", async () => {
    const { event } = await publishedWithEntry({ title: "Keep Me" });
    await editInCalendar(event.id, "delete");
    await waitFor(async () => (await changesOf(event.id)).length > 0, { what: "the deletion to be logged", timeoutMs: 20_000 });
    await quiet();
    await putEntryBack(t.db, t.orgId, (await changesOf(event.id))[0]!.id);
    await quiet();
    const back = (await entry(event.id))!;
    expect(back).toMatchObject({ status: "confirmed", summary: "Keep Me" });
    expect(await storedVersion(event.id)).toBe(back.etag);
    const changes = await changesOf(event.id);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ outcome: "dismissed" });
    expect((await eventRow(event.id)).status).toBe("published");
  });

  it("a sync token Google no longer honours (410) is answered by a full read that applies nothing twice", async () => {
    const { event } = await publishedWithEntry({ title: "Resync Day", startsAt: "2030-07-01T09:00", endsAt: "2030-07-01T10:00" });
    const everything = await t.db.selectFrom("calendar_changes").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const cursorBefore = (await active())!.cursor;
    await sandbox.control("google-calendar/invalidate-sync-tokens", {});
    await editInCalendar(event.id, { summary: "Resync Day (renamed)" });
    await waitFor(async () => (await eventRow(event.id)).title === "Resync Day (renamed)", { what: "the rename to be applied", timeoutMs: 20_000 });
    await quiet();
    const calls = (await sandbox.requests("google-calendar")) as Array<{ path: string; status: number }>;
    expect(calls.some((r) => r.path.includes("/events") && r.status === 410)).toBe(true);
    expect((await active())!.cursor).not.toBe(cursorBefore);
    // Only the new change was logged: the full read found every earlier one settled.
    const now = await t.db.selectFrom("calendar_changes").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(now.n)).toBe(Number(everything.n) + 1);
    expect((await eventRow(event.id)).version).toBe(event.version + 1);
  });

  it("renews a channel near its end: the sweep opens a new one and stops the old", async () => {
    const old = (await active())!;
    // A week-long channel with half an hour left.
    await sql`update calendar_channels set created_at = now() - interval '7 days', expires_at = now() + interval '30 minutes' where id = ${old.id}`.execute(t.db);
    const far = (await active())!;
    expect(await sweepCalendarChannels(t.db)).toMatchObject({ renewing: 1, opening: 0 });
    const next = await waitFor(async () => {
      const c = await active();
      return c && c.id !== far.id ? c : undefined;
    }, { what: "the renewed channel", timeoutMs: 20_000 });
    expect(next.expires_at.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    // The new channel is committed before the old one is stopped at Google (a failed stop must not lose the new one), so the stop may land a moment later.
    await waitFor(async () => Boolean((await sandboxChannel(old.channel_id))?.stoppedAt), { what: "the old channel stopped at Google", timeoutMs: 20_000 });
    // A channel far from its end is left alone.
    await quiet();
    expect(await sweepCalendarChannels(t.db)).toMatchObject({ renewing: 0, opening: 0 });
  });

  it("a renewal that fails is retried by its job, and told to the admins from its third failed attempt", async () => {
    const old = (await active())!;
    const tasks = calendarSyncTasks(t.db);
    const notices = () => t.db.selectFrom("activity_log").select("summary").where("type", "=", "calendar.channel_failed").execute();
    // One call's worth of failures (the call policy tries three times).
    await sandbox.control("faults", { provider: "google-calendar", match: "/events/watch", kind: "status", status: 503, times: 3 });
    await expect(tasks.renew_calendar_channel({ connectionId, reopen: true }, helpers(1))).rejects.toThrow();
    expect(await notices()).toHaveLength(0);
    await sandbox.control("faults", { provider: "google-calendar", match: "/events/watch", kind: "status", status: 503, times: 3 });
    await expect(tasks.renew_calendar_channel({ connectionId, reopen: true }, helpers(ALERT_AFTER_ATTEMPTS))).rejects.toThrow();
    const [notice] = await notices();
    expect(notice!.summary).toContain("Google Calendar: changes made in the calendar are not being received");
    // Nothing was lost meanwhile: the old channel still listens.
    expect((await active())!.id).toBe(old.id);

    // Through the worker: the job's first attempt fails, graphile-worker retries it, and the second opens the channel.
    await sandbox.control("faults", { provider: "google-calendar", match: "/events/watch", kind: "status", status: 503, times: 3 });
    const { requestChannelRenewal } = await import("@/lib/calendar-channels/requests");
    await requestChannelRenewal(t.db, connectionId, { reopen: true });
    const next = await waitFor(async () => {
      const c = await active();
      return c && c.id !== old.id ? c : undefined;
    }, { what: "the channel after a retried renewal", timeoutMs: 30_000 });
    expect(next.status).toBe("active");
    await quiet();
  });

  it("turning two-way sync off stops the channel; turning it on opens one", async () => {
    const c = (await active())!;
    await updateSettings(t.db, t.orgId, "google-calendar", { calendarId: "primary", addAttendeesAsGuests: false, reminderMinutes: "30", twoWaySync: "off" });
    await waitFor(async () => !(await active()), { what: "the channel to stop", timeoutMs: 20_000 });
    expect((await sandboxChannel(c.channel_id))?.stoppedAt).toBeTruthy();
    // The sweep leaves a calendar whose sync is off without a channel.
    await sweepCalendarChannels(t.db);
    await quiet();
    expect(await active()).toBeUndefined();
    await updateSettings(t.db, t.orgId, "google-calendar", { calendarId: "primary", addAttendeesAsGuests: false, reminderMinutes: "30", twoWaySync: "calendar" });
    await waitFor(() => active(), { what: "a channel again", timeoutMs: 20_000 });
    await quiet();
  });

  it("disabling the connection stops its channel at Google; enabling it opens a new one", async () => {
    const c = (await active())!;
    await setEnabled(t.db, t.orgId, "google-calendar", false);
    await waitFor(async () => !(await active()), { what: "the channel to stop", timeoutMs: 20_000 });
    expect((await sandboxChannel(c.channel_id))?.stoppedAt).toBeTruthy();
    await setEnabled(t.db, t.orgId, "google-calendar", true);
    await waitFor(() => active(), { what: "a channel again", timeoutMs: 20_000 });
    await quiet();
  });

  it("a revoked grant marks the connection Needs attention, and the renewal stops and tells the admins", async () => {
    await sandbox.control("revoke", { provider: "google-calendar" });
    const row = (await findConnection(t.db, t.orgId, "google-calendar"))!;
    const { readCredentials, sealCredentials } = await import("@/lib/integrations/connections/credentials");
    const tokens = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), row, "Google");
    await t.db.updateTable("connections").set({ credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where("id", "=", row.id).execute();
    const before = (await t.db.selectFrom("activity_log").select("id").where("type", "=", "calendar.channel_failed").execute()).length;
    // Refused credentials are final: the job ends instead of retrying.
    await calendarSyncTasks(t.db).renew_calendar_channel({ connectionId, reopen: true }, helpers(1));
    expect((await findConnection(t.db, t.orgId, "google-calendar"))!.status).toBe("needs_attention");
    const notices = await t.db.selectFrom("activity_log").select("summary").where("type", "=", "calendar.channel_failed").orderBy("received_at", "desc").execute();
    expect(notices).toHaveLength(before + 1);
    expect(notices[0]!.summary).toContain("It will not be retried: reconnect Google Calendar");
    // Reconnecting resumes: a new grant, a new channel.
    const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: googleCalendar, mode: "sandbox" }));
    const back = await consent(url.toString());
    await completeAuthorization(t.db, appKeyring(), { connector: googleCalendar, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
    const old = (await active())!;
    await waitFor(async () => {
      const c = await active();
      return c && c.id !== old.id ? c : undefined;
    }, { what: "a channel opened with the new grant", timeoutMs: 20_000 });
    await quiet();
  });

  it("disconnecting stops the channel at Google, and its pushes are refused from then on", async () => {
    const c = (await active())!;
    await t.db.updateTable("calendar_channels").set({ secret_hash: hashChannelSecret(KNOWN_TOKEN) }).where("id", "=", c.id).execute();
    await disconnect(t.db, appKeyring(), t.orgId, "google-calendar");
    expect(await active()).toBeUndefined();
    expect((await sandboxChannel(c.channel_id))?.stoppedAt).toBeTruthy();
    expect((await push({ "x-goog-channel-id": c.channel_id, "x-goog-channel-token": KNOWN_TOKEN, "x-goog-message-number": "9100" })).status).toBe(400);
    expect(await t.db.selectFrom("webhook_events").select("id").where("external_id", "=", `${c.channel_id}:9100`).execute()).toHaveLength(0);
    await expect(requestReadNow(t.db, t.orgId, connectionId)).rejects.toThrow("no open channel");
    // The hourly sweep does not reopen a channel for a disconnected calendar.
    expect(await sweepCalendarChannels(t.db)).toMatchObject({ opening: 0 });
  });
});
