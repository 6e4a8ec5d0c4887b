// Two-way sync with Microsoft 365 through the engine, end to end: the Graph
// subscription opened on connect (after our route answers its validation
// request), an organizer's edit in the sandbox's Outlook arriving as a signed
// notification at our real route, and each policy applied: "Switchboard wins"
// puts the entry back, "calendar wins" moves the event; our own writes are never
// read back as changes.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { sweepCalendarChannels } from "@/lib/calendar-sync/sweep";
import { createEvent, publishEvent } from "@/lib/domain/events/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { updateSettings } from "@/lib/integrations/connections/service";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { loadConnector } from "@/lib/integrations/registry";
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

interface WeekEntry {
  id: string;
  provider: string;
  title: string;
  start: string;
  cancelled?: boolean;
}

const TEAM_CALENDAR = "AAMkAGSbxCalendarTeamEvents02";
const DAY = new Date(Date.now() + 25 * 86_400_000).toISOString().slice(0, 10);

async function outlookEntry(title: string): Promise<WeekEntry | undefined> {
  const { entries } = await sandbox.control("calendar/entries", undefined, "GET");
  return (entries as WeekEntry[]).find((e) => e.provider === "Outlook" && e.title === title && !e.cancelled);
}

const activeChannel = () => t.db.selectFrom("calendar_channels").selectAll().where("connection_id", "=", connectionId).where("status", "=", "active").executeTakeFirst();
const changesOf = (eventId: string) => t.db.selectFrom("calendar_changes").selectAll().where("event_id", "=", eventId).orderBy("created_at").execute();
const eventRow = (id: string) => t.db.selectFrom("events").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** Every notification the sandbox sent answered, and no calendar or delivery job waiting. */
async function quiet(): Promise<void> {
  await calendarQuiet(t.db, async () => ((await sandbox.inbox()).microsoft365.sent as Array<{ status: number | null; error: string | null }>).some((n) => n.status === null && n.error === null));
}

async function published(title: string) {
  const ev = await createEvent(t.db, t.orgId, { ...eventFields, title, startsAt: `${DAY}T18:00`, endsAt: `${DAY}T20:00`, timeZone: "Europe/Zurich" });
  await publishEvent(t.db, t.orgId, ev.id);
  const entry = await waitFor(() => outlookEntry(title), { what: `the Outlook entry of ${title}`, timeoutMs: 20_000 });
  await quiet();
  return { event: await eventRow(ev.id), entry };
}

describe("Two-way sync with Microsoft 365", () => {
  it("opens a Graph subscription on connect, once our route has answered its validation request", async () => {
    const connector = (await loadConnector("microsoft365"))!;
    const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector, mode: "sandbox" }));
    const back = await consent(url.toString());
    const result = await completeAuthorization(t.db, appKeyring(), {
      connector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null,
    });
    expect(result).toMatchObject({ ok: true });
    connectionId = (await findConnection(t.db, t.orgId, "microsoft365"))!.id;
    const channel = await waitFor(async () => {
      const c = await activeChannel();
      return c?.last_synced_at ? c : undefined;
    }, { what: "the subscription and its first read", timeoutMs: 20_000 });
    expect(channel.cursor).toBeTruthy();
    const subscriptions = (await sandbox.inbox()).microsoft365.subscriptions as Array<{ id: string; notificationUrl: string }>;
    expect(subscriptions.find((s) => s.id === channel.channel_id)).toMatchObject({ notificationUrl: `${app.url}/api/webhooks/microsoft365?connection=${connectionId}` });
  });

  it("Switchboard wins: an entry moved in Outlook is put back, and the restore is not read back", async () => {
    const { event, entry } = await published("Outlook Board");
    await sandbox.control(`calendar/entries/${encodeURIComponent(entry.id)}/edit`, { startsAt: `${DAY}T09:00:00+00:00`, title: "Renamed in Outlook" });
    await waitFor(async () => (await changesOf(event.id)).length > 0, { what: "the change to be logged", timeoutMs: 20_000 });
    await quiet();
    const back = (await outlookEntry("Outlook Board"))!;
    expect(new Date(back.start).toISOString()).toBe(event.starts_at.toISOString());
    const changes = await changesOf(event.id);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ policy: "switchboard", outcome: "reverted" });
    expect((await eventRow(event.id)).version).toBe(event.version);
  });

  it("calendar wins, on another calendar: the subscription follows the calendar, and an entry moved in Outlook moves the event, once", async () => {
    const before = (await activeChannel())!;
    await updateSettings(t.db, t.orgId, "microsoft365", { calendarId: TEAM_CALENDAR, teamsMeetings: true, twoWaySync: "calendar", freeBusyCalendars: "" });
    const next = await waitFor(async () => {
      const c = await activeChannel();
      return c && c.id !== before.id ? c : undefined;
    }, { what: "a subscription on the team calendar", timeoutMs: 20_000 });
    // Another calendar: its delta starts afresh, never from the default calendar's link.
    expect(next.resource_id).toBe(`me/calendars/${TEAM_CALENDAR}/events`);
    expect(next.resource_id).not.toBe(before.resource_id);
    await quiet();
    const { event, entry } = await published("Outlook Moves");
    const moved = new Date(event.starts_at.getTime() + 2 * 3600_000);
    await sandbox.control(`calendar/entries/${encodeURIComponent(entry.id)}/edit`, { startsAt: moved.toISOString() });
    await waitFor(async () => (await eventRow(event.id)).starts_at.getTime() === moved.getTime(), { what: "the event to move", timeoutMs: 20_000 });
    await quiet();
    const changes = await changesOf(event.id);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ policy: "calendar", outcome: "applied" });
    const facts = await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", event.id).where("type", "=", "event.updated").execute();
    expect(facts).toHaveLength(1);
    // The entry stays where the organizer put it; our own follow-up write was not taken for a change.
    expect(new Date((await outlookEntry("Outlook Moves"))!.start).toISOString()).toBe(moved.toISOString());
  });

  it("renews the subscription near its end by extending it at Graph: the same subscription, listening longer", async () => {
    const before = (await activeChannel())!;
    // A three-day subscription with half an hour left.
    await sql`update calendar_channels set created_at = now() - interval '3 days', expires_at = now() + interval '30 minutes' where id = ${before.id}`.execute(t.db);
    expect(await sweepCalendarChannels(t.db)).toMatchObject({ renewing: 1, opening: 0 });
    const renewed = await waitFor(async () => {
      const c = await activeChannel();
      return c && c.expires_at.getTime() > Date.now() + 24 * 3600_000 ? c : undefined;
    }, { what: "the subscription to be extended", timeoutMs: 20_000 });
    expect(renewed).toMatchObject({ id: before.id, channel_id: before.channel_id, resource_id: before.resource_id });
    const atGraph = ((await sandbox.inbox()).microsoft365.subscriptions as Array<{ id: string; expiresAt: string }>).find((x) => x.id === before.channel_id)!;
    expect(Math.abs(Date.parse(atGraph.expiresAt) - renewed.expires_at.getTime())).toBeLessThan(1000);
    await quiet();
  });
});
