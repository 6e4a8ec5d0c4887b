// Graph's half of two-way sync against the sandbox: the subscription on the
// chosen calendar (created only after our route answers the validation request,
// renewed, stopped), the calendar view's delta query (full, incremental, an
// expired token), putting an edited entry back, and Graph's notifications at
// /api/webhooks/microsoft365?connection=<id> through our real route: the
// handshake answered in plain text, clientState checked on every notification
// (forged: 400, nothing stored), a batch sent again stored once, an unknown
// connection refused, and lifecycle events asking for renewal, a new
// subscription or a sync.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { hashChannelSecret, newChannelSecret } from "@/lib/calendar-channels/channels";
import { createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { localToInstant } from "@/lib/domain/time";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { SyncCursorExpiredError, type CalendarEntryState } from "@/lib/integrations/contract/calendar";
import { ProviderCallError } from "@/lib/integrations/contract";
import { loadConnector } from "@/lib/integrations/registry";
import { jobKeys } from "@/lib/queue/job-keys";
import { consent } from "../helpers/consent";
import { eventFields } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";
import { useWebhookRoute } from "../helpers/webhook-route";

// The engine's channel and sync jobs stay queued: these tests make and check Graph's calls themselves
// (the engine with Microsoft 365 is tested in calendar-sync-microsoft365.test.ts).
const { t, sandbox, owner } = useIntegrationHarness({ withoutTasks: ["renew_calendar_channel", "sync_calendar"] });
const app = useWebhookRoute(t);
let connectionId = "";
const secret = newChannelSecret();
let subscriptionId = "";

interface SandboxEntry {
  id: string;
  subject: string;
  changeKey: string;
  startsAt: string;
  endsAt: string;
  deleted: null | { by: string };
}

const m365 = async () => (await loadConnector("microsoft365"))!;
const sync = async () => (await m365()).calendarSync!;
const notificationUrl = () => `${app.url}/api/webhooks/microsoft365?connection=${connectionId}`;
const entries = async (): Promise<SandboxEntry[]> => (await sandbox.inbox()).microsoft365.entries;
/** Every notification the sandbox sent (our own writes to the watched calendar cause some) has been answered. */
const settled = () =>
  waitFor(async () => ((await sandbox.inbox()).microsoft365.sent as Array<{ status: number | null; error: string | null }>).every((n) => n.status !== null || n.error !== null), { what: "the sandbox's notifications answered", timeoutMs: 10_000 });
const stored = async () => Number((await t.db.selectFrom("webhook_events").select((eb) => eb.fn.countAll<string>().as("n")).where("provider", "=", "microsoft365").executeTakeFirstOrThrow()).n);

async function context() {
  return connectorContext(t.db, appKeyring(), await m365(), (await findConnection(t.db, t.orgId, "microsoft365"))!);
}

/** A day some weeks ahead, inside the window a full sync reads. */
const DAY = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
const instant = (local: string) => localToInstant(local, "Europe/Zurich").toISOString();

async function publishOne(title: string, startsAt = `${DAY}T09:00`, endsAt = `${DAY}T17:00`) {
  const event = await createEvent(t.db, t.orgId, { ...eventFields, title, startsAt, endsAt });
  await publishEvent(t.db, t.orgId, event.id);
  const entry = await waitFor(async () => (await entries()).find((e) => e.subject === title && !e.deleted), { what: `the entry of ${title}`, timeoutMs: 20_000 });
  await waitFor(async () => {
    const r = await t.db.selectFrom("external_objects").select("data").where("local_id", "=", event.id).executeTakeFirst();
    return r?.data.version === entry.changeKey;
  }, { what: "our record of it", timeoutMs: 10_000 });
  return { event, entry };
}

/** The jobs a callback's processing queues, read inside a transaction that is then undone (no worker sees them). */
async function jobsQueuedBy(payload: unknown): Promise<Array<{ task_identifier: string; key: string | null; payload: Record<string, unknown> }>> {
  const rolledBack = new Error("undo");
  let seen: Array<{ task_identifier: string; key: string | null; payload: Record<string, unknown> }> = [];
  const ctx = await context();
  await t.db
    .transaction()
    .execute(async (tx) => {
      const keys = [jobKeys.calendarSync.of(connectionId), jobKeys.calendarChannel.of(connectionId)];
      // Jobs earlier callbacks queued are set aside (inside the undone transaction), so only this one's remain.
      await sql`delete from graphile_worker._private_jobs where key = any(${keys})`.execute(tx);
      await (await m365()).inbound!.process(payload, { ...ctx, db: tx } as never);
      seen = (await sql<{ task_identifier: string; key: string | null; payload: Record<string, unknown> }>`select t.identifier as task_identifier, j.key, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where j.key = any(${keys})`.execute(tx)).rows;
      throw rolledBack;
    })
    .catch((err: unknown) => {
      if (err !== rolledBack) throw err;
    });
  return seen;
}

describe("Microsoft 365 subscriptions", () => {
  it("connects", async () => {
    const connector = await m365();
    const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector, mode: "sandbox" }));
    expect(url.pathname).toBe("/microsoft365/common/oauth2/v2.0/authorize");
    const back = await consent(url.toString());
    expect(await completeAuthorization(t.db, appKeyring(), { connector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null })).toMatchObject({ ok: true });
    connectionId = (await findConnection(t.db, t.orgId, "microsoft365"))!.id;
    await updateSettings(t.db, t.orgId, "microsoft365", { calendarId: "AAMkAGSbxCalendarTeamEvents02", teamsMeetings: false, twoWaySync: "calendar" });
    expect((await sync()).policy(await context())).toBe("calendar");
  });

  it("creates the subscription on the chosen calendar once our route answers the validation request", async () => {
    const channel = await (await sync()).watch(await context(), { notificationUrl: notificationUrl(), secret, channelId: randomUUID() });
    subscriptionId = channel.id;
    const expires = Date.parse(channel.expiresAt);
    expect(expires).toBeGreaterThan(Date.now() + 69 * 3600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 4230 * 60_000);
    const inbox = (await sandbox.inbox()).microsoft365;
    expect(inbox.subscriptions).toEqual([expect.objectContaining({ id: channel.id, resource: "me/calendars/AAMkAGSbxCalendarTeamEvents02/events", notificationUrl: notificationUrl() })]);
    const validation = inbox.sent.find((s: { kind: string }) => s.kind === "validation");
    expect(validation).toMatchObject({ status: 200 });
    // The channel as the sync engine keeps it: only the secret's hash.
    await t.db.insertInto("calendar_channels").values({ org_id: t.orgId, connection_id: connectionId, channel_id: channel.id, secret_hash: hashChannelSecret(secret), expires_at: new Date(channel.expiresAt) }).execute();
  });

  it("is refused by Graph when the notification URL does not answer the validation request", async () => {
    const err = await (await sync()).watch(await context(), { notificationUrl: `${app.url}/api/webhooks/no-such-provider?connection=${connectionId}`, secret: newChannelSecret(), channelId: randomUUID() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderCallError);
    expect((err as ProviderCallError).failure).toMatchObject({ kind: "invalid", status: 400 });
    expect((err as Error).message).toContain("validation request failed");
  });

  it("renews a subscription before it lapses, and stops one (already gone counts as stopped)", async () => {
    // A subscription about to lapse, made by the same app.
    const minted = await sandbox.control("tokens", { provider: "microsoft365" });
    const soon = new Date(Date.now() + 10 * 60_000).toISOString();
    const made = await fetch(`${sandbox.url}/microsoft365/v1.0/subscriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${minted.access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ changeType: "created,updated,deleted", notificationUrl: notificationUrl(), resource: "me/calendars/AAMkAGSbxCalendarTeamEvents02/events", expirationDateTime: soon, clientState: "x" }),
    });
    expect(made.status).toBe(201);
    const short = (await made.json()) as { id: string };
    const renewed = await (await sync()).renew!(await context(), { id: short.id, expiresAt: soon });
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(soon) + 2 * 24 * 3600_000);
    const listed = (await sandbox.inbox()).microsoft365.subscriptions.find((s: { id: string }) => s.id === short.id);
    // Graph writes the expiry to the second.
    expect(Math.abs(Date.parse(listed.expiresAt) - Date.parse(renewed.expiresAt))).toBeLessThan(1000);

    await (await sync()).stop(await context(), { id: short.id, expiresAt: renewed.expiresAt });
    expect((await sandbox.inbox()).microsoft365.subscriptions.map((s: { id: string }) => s.id)).not.toContain(short.id);
    await expect((await sync()).stop(await context(), { id: short.id, expiresAt: renewed.expiresAt })).resolves.toBeUndefined();
    // A lapsed subscription cannot be renewed: the engine opens a new one.
    await expect((await sync()).renew!(await context(), { id: short.id, expiresAt: renewed.expiresAt })).rejects.toMatchObject({ failure: { kind: "not_found" } });
  });
});

describe("Microsoft 365 changes (delta query)", () => {
  let cursor = "";
  let moved: Awaited<ReturnType<typeof publishOne>>;
  let removed: Awaited<ReturnType<typeof publishOne>>;
  let ours: Awaited<ReturnType<typeof publishOne>>;

  it("reads every entry of ours on a full sync, and a cursor", async () => {
    moved = await publishOne("Delta Moved");
    removed = await publishOne("Delta Removed");
    ours = await publishOne("Delta Ours");
    // An entry someone made in Outlook is not ours: not reported.
    const minted = await sandbox.control("tokens", { provider: "microsoft365" });
    const foreign = await fetch(`${sandbox.url}/microsoft365/v1.0/me/calendars/AAMkAGSbxCalendarTeamEvents02/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${minted.access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ subject: "Dentist", start: { dateTime: `${DAY}T10:00:00`, timeZone: "Europe/Zurich" }, end: { dateTime: `${DAY}T11:00:00`, timeZone: "Europe/Zurich" } }),
    });
    expect(foreign.status).toBe(201);
    const full = await (await sync()).changes(await context(), null);
    expect(full.entries.map((e) => e.eventId).sort()).toEqual([moved.event.id, removed.event.id, ours.event.id].sort());
    const m = full.entries.find((e) => e.eventId === moved.event.id)!;
    expect(m).toMatchObject({ entryId: moved.entry.id, version: moved.entry.changeKey, removed: false, title: "Delta Moved", startsAt: instant(`${DAY}T09:00`), endsAt: instant(`${DAY}T17:00`), location: "Hall 1" });
    expect(full.cursor).toContain("$deltatoken=");
    cursor = full.cursor;
  });

  it("reads only what changed since the cursor: a moved entry, a deleted one, and our own write with the version we recorded", async () => {
    const edit = await sandbox.control("microsoft365/entries/edit", { id: moved.entry.id, startsAt: instant(`${DAY}T10:00`), endsAt: instant(`${DAY}T18:30`), title: "Delta Moved (by hand)" });
    expect(edit.id).toBe(moved.entry.id);
    await sandbox.control("microsoft365/entries/edit", { id: removed.entry.id, remove: true });
    const current = await t.db.selectFrom("events").select("version").where("id", "=", ours.event.id).executeTakeFirstOrThrow();
    await updateEvent(t.db, t.orgId, ours.event.id, { ...eventFields, title: "Delta Ours (changed here)", startsAt: `${DAY}T09:00`, endsAt: `${DAY}T17:00`, version: current.version });
    const rewritten = await waitFor(async () => (await entries()).find((e) => e.id === ours.entry.id && e.subject === "Delta Ours (changed here)"), { what: "our write", timeoutMs: 20_000 });
    await waitFor(async () => (await t.db.selectFrom("external_objects").select("data").where("local_id", "=", ours.event.id).executeTakeFirstOrThrow()).data.version === rewritten.changeKey, { what: "our recorded version", timeoutMs: 10_000 });

    const next = await (await sync()).changes(await context(), cursor);
    const byEvent = new Map<string, CalendarEntryState>(next.entries.map((e) => [e.eventId, e]));
    expect(next.entries).toHaveLength(3);
    expect(byEvent.get(moved.event.id)).toMatchObject({ removed: false, title: "Delta Moved (by hand)", startsAt: instant(`${DAY}T10:00`), endsAt: instant(`${DAY}T18:30`) });
    expect(byEvent.get(moved.event.id)!.version).not.toBe(moved.entry.changeKey);
    expect(byEvent.get(removed.event.id)).toMatchObject({ entryId: removed.entry.id, removed: true });
    // Our own write comes back with exactly the version we recorded: the engine knows it is no news.
    expect(byEvent.get(ours.event.id)!.version).toBe(rewritten.changeKey);
    expect(next.cursor).not.toBe(cursor);
    const quiet = await (await sync()).changes(await context(), next.cursor);
    expect(quiet.entries).toEqual([]);
    cursor = quiet.cursor;
  });

  it("puts an entry edited in Outlook back as Switchboard has it, and makes a deleted one again", async () => {
    const snapshot = eventSnapshot(await t.db.selectFrom("events").selectAll().where("id", "=", moved.event.id).executeTakeFirstOrThrow());
    const { version } = await (await sync()).restore(await context(), snapshot);
    const back = (await entries()).find((e) => e.id === moved.entry.id)!;
    expect(back).toMatchObject({ subject: "Delta Moved", startsAt: instant(`${DAY}T09:00`), endsAt: instant(`${DAY}T17:00`), changeKey: version });
    expect((await t.db.selectFrom("external_objects").select("data").where("local_id", "=", moved.event.id).executeTakeFirstOrThrow()).data.version).toBe(version);

    const gone = eventSnapshot(await t.db.selectFrom("events").selectAll().where("id", "=", removed.event.id).executeTakeFirstOrThrow());
    const remade = await (await sync()).restore(await context(), gone);
    const live = (await entries()).filter((e) => e.subject === "Delta Removed" && !e.deleted);
    expect(live).toHaveLength(1);
    expect(live[0]!.id).not.toBe(removed.entry.id);
    expect(live[0]!.changeKey).toBe(remade.version);
    expect((await t.db.selectFrom("external_objects").select("external_id").where("local_id", "=", removed.event.id).executeTakeFirstOrThrow()).external_id).toBe(live[0]!.id);
  });

  it("throws SyncCursorExpiredError when Graph no longer keeps the delta token", async () => {
    await sandbox.control("microsoft365/delta/expire", {});
    await expect((await sync()).changes(await context(), cursor)).rejects.toBeInstanceOf(SyncCursorExpiredError);
    // A full sync starts over.
    expect((await (await sync()).changes(await context(), null)).entries.length).toBeGreaterThanOrEqual(3);
  });
});

describe("Graph's notifications at /api/webhooks/microsoft365", () => {
  it("answers the validation request with the token in plain text, storing nothing", async () => {
    await settled();
    const before = await stored();
    const token = "Validation: Testing client application reachability for subscription Request-Id: 4b1c";
    const res = await fetch(`${notificationUrl()}&validationToken=${encodeURIComponent(token)}`, { method: "POST", headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(token);
    expect(await stored()).toBe(before);
  });

  it("stores a change notification with the subscription's clientState once, and asks for a sync", async () => {
    const { entry } = await publishOne("Notified Talk");
    await settled();
    const before = await stored();
    const edit = await sandbox.control("microsoft365/entries/edit", { id: entry.id, title: "Notified Talk (renamed in Outlook)" });
    const told = edit.notifications.find((n: { kind: string }) => n.kind === "change");
    expect(told).toMatchObject({ status: 200 });
    expect(JSON.parse(told.body).value[0]).toMatchObject({ subscriptionId, changeType: "updated", resourceData: { id: entry.id } });
    expect(await stored()).toBe(before + 1);
    // Graph sends a batch again when it is unsure it arrived: the same bytes are stored once.
    const again = await sandbox.control("microsoft365/subscriptions/notify", { subscriptionId, entryId: entry.id });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.answer)).toMatchObject({ duplicate: true });
    expect(await stored()).toBe(before + 1);
    const row = await waitFor(async () => {
      const r = await t.db.selectFrom("webhook_events").selectAll().where("provider", "=", "microsoft365").orderBy("received_at", "desc").executeTakeFirstOrThrow();
      return r.status === "processed" ? r : undefined;
    }, { what: "the notification processed", timeoutMs: 20_000 });
    expect(row).toMatchObject({ connection_id: connectionId, type: "change.updated", outcome: "asked to read the calendar's changes." });
    expect(await jobsQueuedBy(row.payload)).toEqual([expect.objectContaining({ task_identifier: "sync_calendar", key: jobKeys.calendarSync.of(connectionId), payload: { connectionId, reason: "notification" } })]);
  });

  it("refuses a notification whose clientState is not the subscription's with 400, storing nothing", async () => {
    await settled();
    const before = await stored();
    const forged = await sandbox.control("microsoft365/subscriptions/notify", { subscriptionId, clientState: "not-the-secret" });
    expect(forged.status).toBe(400);
    const missing = await fetch(notificationUrl(), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ value: [{ subscriptionId, changeType: "updated", resource: "x" }] }) });
    expect(missing.status).toBe(400);
    // The right secret for a subscription that is not this connection's is refused too.
    const other = await fetch(notificationUrl(), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ value: [{ subscriptionId: randomUUID(), clientState: secret, changeType: "updated", resource: "x" }] }) });
    expect(other.status).toBe(400);
    expect(await stored()).toBe(before);
  });

  it("refuses a notification for a connection that does not exist", async () => {
    await settled();
    const before = await stored();
    const body = JSON.stringify({ value: [{ subscriptionId, clientState: secret, changeType: "updated", resource: "x" }] });
    const res = await fetch(`${app.url}/api/webhooks/microsoft365?connection=${randomUUID()}`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(400);
    expect(await stored()).toBe(before);
  });

  it("asks to renew on reauthorizationRequired, for a new subscription on subscriptionRemoved, and for a sync on missed", async () => {
    const expected = {
      reauthorizationRequired: { task_identifier: "renew_calendar_channel", payload: { connectionId, reopen: false } },
      missed: { task_identifier: "sync_calendar", payload: { connectionId, reason: "missed" } },
      subscriptionRemoved: { task_identifier: "renew_calendar_channel", payload: { connectionId, reopen: true } },
    };
    for (const [event, job] of Object.entries(expected)) {
      const sent = await sandbox.control("microsoft365/subscriptions/lifecycle", { subscriptionId, event });
      expect(sent.status, event).toBe(200);
      const row = await waitFor(() => t.db.selectFrom("webhook_events").selectAll().where("type", "=", `lifecycle.${event}`).executeTakeFirst(), { what: `the ${event} notification`, timeoutMs: 10_000 });
      expect(await jobsQueuedBy(row.payload), event).toEqual([expect.objectContaining(job)]);
    }
    // Graph removed it: it is gone from the sandbox, and the engine will open a new one.
    expect((await sandbox.inbox()).microsoft365.subscriptions.map((s: { id: string }) => s.id)).not.toContain(subscriptionId);
  });

  it("refuses a notification for a subscription the engine has stopped, even with its old secret", async () => {
    await settled();
    const before = await stored();
    const body = JSON.stringify({ value: [{ subscriptionId, clientState: secret, changeType: "updated", resource: "x" }] });
    const post = () => fetch(notificationUrl(), { method: "POST", headers: { "content-type": "application/json" }, body });
    // Still active in our records: accepted (the positive control).
    expect((await post()).status).toBe(200);
    await t.db.updateTable("calendar_channels").set({ status: "stopped" }).where("channel_id", "=", subscriptionId).execute();
    expect((await post()).status).toBe(400);
    expect(await stored()).toBe(before + 1);
  });
});
