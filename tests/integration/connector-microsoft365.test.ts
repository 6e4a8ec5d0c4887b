// Microsoft 365 end to end against the sandbox: the identity platform's OAuth
// (PKCE, the configured tenant in the URL, refresh tokens rotated), Outlook
// entries created, updated and deleted with their events (one entry however
// often a create is retried: Graph's transactionId), guests, reminders, times
// in the event's zone across DST changes, a Teams meeting for online events
// whose link goes on the event, getSchedule's busy times, and a revoked grant.
import { afterAll, describe, expect, it } from "vitest";
import { addTicketType, cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { cancelRegistration } from "@/lib/domain/registrations/cancel";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { loadConnector } from "@/lib/integrations/registry";
import type { FreeBusyAnswer } from "@/lib/integrations/contract/calendar";
import { meetingsForEvent } from "@/lib/meetings/store";
import { consent } from "../helpers/consent";
import { eventFields } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

// The sync engine's channel and read jobs stay queued: no route here answers Graph's validation request, and
// their retries would take the faults these tests set for entries (two-way sync: calendar-sync-microsoft365.test.ts).
const { t, sandbox, owner } = useIntegrationHarness({ withoutTasks: ["renew_calendar_channel", "sync_calendar"] });
const USER_MAIL = "organizer@contoso.sandbox.test";
const ROOM = "room.aula@contoso.sandbox.test";

interface SandboxEntry {
  id: string;
  calendarId: string;
  changeKey: string;
  transactionId: string | null;
  subject: string;
  body: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  startsAt: string;
  endsAt: string;
  location: string;
  attendees: string[];
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  isOnlineMeeting: boolean;
  joinUrl: string | null;
  deleted: null | { by: string };
}

afterAll(async () => {
  delete process.env.MICROSOFT365_TENANT;
});

const m365 = async () => (await loadConnector("microsoft365"))!;
const entries = async (): Promise<SandboxEntry[]> => (await sandbox.inbox()).microsoft365.entries;
const liveEntries = async (title: string) => (await entries()).filter((e) => e.subject === title && !e.deleted);
const linkOf = async (eventId: string) => (await t.db.selectFrom("events").select("meeting_url").where("id", "=", eventId).executeTakeFirstOrThrow()).meeting_url;

async function context() {
  const row = (await findConnection(t.db, t.orgId, "microsoft365"))!;
  return connectorContext(t.db, appKeyring(), await m365(), row);
}

async function connect() {
  const connector = await m365();
  const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector, mode: "sandbox" }));
  const back = await consent(url.toString());
  const result = await completeAuthorization(t.db, appKeyring(), { connector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
  return { url, result };
}

async function published(title: string, fields: Partial<typeof eventFields> & { online?: string } = {}) {
  const event = await createEvent(t.db, t.orgId, { ...eventFields, ...fields, title });
  const ev = await publishEvent(t.db, t.orgId, event.id);
  const entry = await waitFor(async () => (await liveEntries(title))[0], { what: `the Outlook entry of ${title}`, timeoutMs: 20_000 });
  return { event: ev, entry };
}

describe("Microsoft 365", () => {
  it("connects through the identity platform with PKCE at the configured tenant, linked to the user", async () => {
    process.env.MICROSOFT365_TENANT = "contoso.example";
    const { url, result } = await connect();
    expect(url.pathname).toBe("/microsoft365/contoso.example/oauth2/v2.0/authorize");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("scope")!.split(" ")).toEqual(expect.arrayContaining(["offline_access", "User.Read", "Calendars.ReadWrite"]));
    expect(result).toMatchObject({ ok: true });
    const token = (await sandbox.requests("microsoft365")).find((r: { path: string }) => r.path.endsWith("/oauth2/v2.0/token"));
    expect(token.path).toBe("/microsoft365/contoso.example/oauth2/v2.0/token");
    const row = (await findConnection(t.db, t.orgId, "microsoft365"))!;
    expect(row.status).toBe("connected");
    expect(row.external_account_id).toBe("8f1c0e52-5b0c-4d7a-9e11-5a4db0c50001");
    const tested = await (await m365()).testConnection(await context());
    expect(tested).toEqual({ account: { id: "8f1c0e52-5b0c-4d7a-9e11-5a4db0c50001", name: USER_MAIL }, detail: `Connected as ${USER_MAIL}: 2 calendars visible, default "Calendar".` });
    const choices = await (await m365()).fieldOptions!.calendarId!(await context());
    expect(choices.map((c) => c.label)).toEqual(["Calendar (default)", "Team events"]);
    await updateSettings(t.db, t.orgId, "microsoft365", { calendarId: "", addAttendeesAsGuests: true, reminderMinutes: "45", teamsMeetings: true, twoWaySync: "switchboard", freeBusyCalendars: ROOM });
  });

  it("refuses a reminder Outlook cannot keep, naming the field", async () => {
    await expect(updateSettings(t.db, t.orgId, "microsoft365", { calendarId: "", reminderMinutes: "1440, 30" })).rejects.toMatchObject({
      fieldErrors: { reminderMinutes: [expect.stringContaining("one reminder per entry")] },
    });
  });

  it("creates the entry on publish, updates it on edit, adds and removes guests, and deletes it on cancel", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Outlook Day" });
    const tt = await addTicketType(t.db, t.orgId, event.id, { name: "General", price: "0", currency: "EUR", quantity: 10 });
    await publishEvent(t.db, t.orgId, event.id);
    const created = await waitFor(async () => (await liveEntries("Outlook Day"))[0], { what: "the entry", timeoutMs: 20_000 });
    expect(created).toMatchObject({
      calendarId: "AAMkAGSbxCalendarDefault0001",
      transactionId: `switchboard-${event.id}`,
      start: { dateTime: "2030-06-01T09:00:00", timeZone: "Europe/Zurich" },
      startsAt: "2030-06-01T07:00:00.000Z",
      endsAt: "2030-06-01T15:00:00.000Z",
      location: "Hall 1",
      isReminderOn: true,
      reminderMinutesBeforeStart: 45,
      isOnlineMeeting: false,
    });
    expect(created.body).toContain(`/e/${event.slug}`);
    const record = await waitFor(() => t.db.selectFrom("external_objects").select(["external_id", "data"]).where("local_id", "=", event.id).where("kind", "=", "m365_event").executeTakeFirst(), { what: "our record of the entry", timeoutMs: 10_000 });
    expect(record.external_id).toBe(created.id);
    expect(record.data).toMatchObject({ calendarId: "AAMkAGSbxCalendarDefault0001", version: created.changeKey });

    await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Outlook Day (moved)", startsAt: "2030-06-02T10:00", endsAt: "2030-06-02T12:00", version: event.version });
    const moved = await waitFor(async () => (await entries()).find((e) => e.id === created.id && e.subject === "Outlook Day (moved)"), { what: "the updated entry", timeoutMs: 20_000 });
    expect(moved.startsAt).toBe("2030-06-02T08:00:00.000Z");
    await waitFor(async () => {
      const r = await t.db.selectFrom("external_objects").select("data").where("local_id", "=", event.id).executeTakeFirstOrThrow();
      return r.data.version === moved.changeKey;
    }, { what: "our record of the new changeKey", timeoutMs: 10_000 });

    await registerFree(t.db, event.slug, { name: "Finn", email: "finn@example.com", ticketTypeId: tt.id, quantity: 1 });
    await waitFor(async () => (await entries()).find((e) => e.id === created.id && e.attendees.includes("finn@example.com")), { what: "the guest", timeoutMs: 20_000 });
    const finn = await t.db.selectFrom("attendees").select("id").where("event_id", "=", event.id).where("email", "=", "finn@example.com").executeTakeFirstOrThrow();
    await cancelRegistration(t.db, t.orgId, finn.id);
    await waitFor(async () => (await entries()).find((e) => e.id === created.id && e.attendees.length === 0), { what: "the guest taken off", timeoutMs: 20_000 });

    await cancelEvent(t.db, t.orgId, event.id);
    await waitFor(async () => (await entries()).find((e) => e.id === created.id && e.deleted?.by === "api"), { what: "the deleted entry", timeoutMs: 20_000 });
    // Graph's calls go to the sandbox's Graph root with the token, never to the host's root.
    const graphCalls = (await sandbox.requests("microsoft365")).filter((r: { path: string }) => r.path.includes("/v1.0/"));
    expect(graphCalls.every((r: { path: string; status: number }) => r.path.startsWith("/microsoft365/v1.0/") && r.status !== 401)).toBe(true);
  });

  it("keeps one entry when the policy retries a create whose answer was lost (transactionId)", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Lost Answer Outlook" });
    const row = await t.db.updateTable("events").set({ status: "published" }).where("id", "=", event.id).returningAll().executeTakeFirstOrThrow();
    const real = await context();
    // Graph creates the entry, the answer never arrives, and the policy tries again.
    const ctx = {
      ...real,
      call: async <T,>(operation: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
        if (operation !== "events.create") return real.call(operation, fn);
        await fn(new AbortController().signal);
        return fn(new AbortController().signal);
      },
    };
    await (await m365()).handlers["event.published"]!({ type: "event.published", payload: { event: eventSnapshot(row) } } as never, ctx as never);
    const matching = await liveEntries("Lost Answer Outlook");
    expect(matching).toHaveLength(1);
    const record = await t.db.selectFrom("external_objects").select("external_id").where("local_id", "=", event.id).executeTakeFirstOrThrow();
    expect(record.external_id).toBe(matching[0]!.id);
  });

  it("keeps one entry when a delivery is redelivered after our record of the create was lost", async () => {
    const { event } = await published("Redelivered Outlook");
    // The delivery records the entry after Graph has made it: losing the record means waiting for it first.
    await waitFor(() => t.db.selectFrom("external_objects").select("external_id").where("local_id", "=", event.id).executeTakeFirst(), { what: "our record of the entry", timeoutMs: 10_000 });
    await t.db.deleteFrom("external_objects").where("local_id", "=", event.id).execute();
    const snapshot = eventSnapshot(await t.db.selectFrom("events").selectAll().where("id", "=", event.id).executeTakeFirstOrThrow());
    await (await m365()).handlers["event.published"]!({ type: "event.published", payload: { event: snapshot } } as never, (await context()) as never);
    expect(await liveEntries("Redelivered Outlook")).toHaveLength(1);
  });

  it("writes times as wall time in the event's zone, right across a DST change in Zurich", async () => {
    // Clocks go from 02:00 to 03:00 on Sunday 31 March 2030 in Zurich.
    const { entry } = await published("Zurich Overnight", { startsAt: "2030-03-30T22:00", endsAt: "2030-03-31T10:00", timeZone: "Europe/Zurich" });
    expect(entry.start).toEqual({ dateTime: "2030-03-30T22:00:00", timeZone: "Europe/Zurich" });
    expect(entry.end).toEqual({ dateTime: "2030-03-31T10:00:00", timeZone: "Europe/Zurich" });
    expect(entry.startsAt).toBe("2030-03-30T21:00:00.000Z");
    expect(entry.endsAt).toBe("2030-03-31T08:00:00.000Z");
  });

  it("writes times right across a DST change in Los Angeles, both ways", async () => {
    // Spring forward on Sunday 10 March 2030, fall back on Sunday 3 November 2030.
    const spring = (await published("LA Spring", { startsAt: "2030-03-09T18:00", endsAt: "2030-03-10T12:00", timeZone: "America/Los_Angeles" })).entry;
    expect(spring.start).toEqual({ dateTime: "2030-03-09T18:00:00", timeZone: "America/Los_Angeles" });
    expect(spring.startsAt).toBe("2030-03-10T02:00:00.000Z");
    expect(spring.endsAt).toBe("2030-03-10T19:00:00.000Z");
    const fall = (await published("LA Fall", { startsAt: "2030-11-02T20:00", endsAt: "2030-11-03T09:00", timeZone: "America/Los_Angeles" })).entry;
    expect(fall.startsAt).toBe("2030-11-03T03:00:00.000Z");
    expect(fall.endsAt).toBe("2030-11-03T17:00:00.000Z");
  });

  it("adds a Teams meeting to an online event and puts its join link on the event", async () => {
    const { event, entry } = await published("Teams Webinar", { online: "on" } as never);
    expect(entry.isOnlineMeeting).toBe(true);
    expect(entry.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    await waitFor(async () => (await linkOf(event.id)) === entry.joinUrl, { what: "the Teams link on the event", timeoutMs: 20_000 });
    const [meeting] = await meetingsForEvent(t.db, t.orgId, event.id);
    expect(meeting).toMatchObject({ connectorId: "microsoft365", providerMeetingId: entry.id, joinUrl: entry.joinUrl, status: "active" });
    // The event.updated the new link causes does not need another write: the entry already has its meeting.
    const fact = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", event.id).where("type", "=", "event.updated").executeTakeFirstOrThrow();
    await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").select("status").where("domain_event_id", "=", fact.id).where("subscriber", "like", "connection:%").executeTakeFirst();
      return d?.status === "succeeded" ? d : undefined;
    }, { what: "the link's event.updated delivered", timeoutMs: 20_000 });
    expect((await entries()).find((e) => e.id === entry.id)!.changeKey).toBe(entry.changeKey);

    // No longer online: the meeting goes, and so does the event's link.
    const current = await t.db.selectFrom("events").select("version").where("id", "=", event.id).executeTakeFirstOrThrow();
    await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Teams Webinar", version: current.version });
    await waitFor(async () => (await entries()).find((e) => e.id === entry.id && !e.isOnlineMeeting && e.joinUrl === null), { what: "the entry without its meeting", timeoutMs: 20_000 });
    await waitFor(async () => (await linkOf(event.id)) === null, { what: "the link gone from the event", timeoutMs: 20_000 });
    expect(await meetingsForEvent(t.db, t.orgId, event.id)).toEqual([]);
  });

  it("reports busy times of the account and of the rooms in settings from getSchedule", async () => {
    await sandbox.control("microsoft365/busy", { schedule: ROOM, start: "2031-02-03T09:00:00Z", end: "2031-02-03T11:00:00Z", status: "busy" });
    await sandbox.control("microsoft365/busy", { schedule: ROOM, start: "2031-02-03T13:00:00Z", end: "2031-02-03T14:00:00Z", status: "free" });
    await published("Busy Tuesday", { startsAt: "2031-02-03T15:00", endsAt: "2031-02-03T16:00", timeZone: "Europe/Zurich" });
    await updateSettings(t.db, t.orgId, "microsoft365", { calendarId: "", teamsMeetings: true, twoWaySync: "switchboard", freeBusyCalendars: `${ROOM}, nobody@contoso.example` });
    const answer = await (await m365()).freeBusy!.busy(await context(), { from: "2031-02-03T00:00:00Z", to: "2031-02-04T00:00:00Z" }, new AbortController().signal);
    const { busy, unchecked } = answer as FreeBusyAnswer;
    // A room Microsoft does not know is named on its own; the rest is still checked.
    expect(unchecked).toEqual([{ calendar: "nobody@contoso.example", reason: expect.stringContaining("could not be found") }]);
    expect(busy).toEqual(
      expect.arrayContaining([
        { start: "2031-02-03T09:00:00.000Z", end: "2031-02-03T11:00:00.000Z", calendar: ROOM },
        { start: "2031-02-03T14:00:00.000Z", end: "2031-02-03T15:00:00.000Z", calendar: USER_MAIL },
      ]),
    );
    expect(busy).toHaveLength(2);
    const request = (await sandbox.requests("microsoft365")).find((r: { path: string }) => r.path.endsWith("/me/calendar/getSchedule"));
    expect(request.body).toMatchObject({ schedules: [USER_MAIL, ROOM, "nobody@contoso.example"], startTime: { dateTime: "2031-02-03T00:00:00.000", timeZone: "UTC" } });
  });

  it("refuses a body Graph would refuse: a property graph.event does not have", async () => {
    const minted = await sandbox.control("tokens", { provider: "microsoft365" });
    const res = await fetch(`${sandbox.url}/microsoft365/v1.0/me/calendar/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${minted.access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ subjekt: "Typo", start: { dateTime: "2030-01-01T10:00:00", timeZone: "UTC" }, end: { dateTime: "2030-01-01T11:00:00", timeZone: "UTC" } }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "RequestBodyRead", message: expect.stringContaining("'subjekt' does not exist on type 'microsoft.graph.event'") });
  });

  it("refreshes an expired access token, keeping the rotated refresh token", async () => {
    await sandbox.control("expire", { provider: "microsoft365" });
    const row = (await findConnection(t.db, t.orgId, "microsoft365"))!;
    const { readCredentials, sealCredentials } = await import("@/lib/integrations/connections/credentials");
    const tokens = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), row, "Microsoft 365");
    await t.db.updateTable("connections").set({ token_expires_at: new Date(Date.now() - 1000), credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where("id", "=", row.id).execute();
    expect((await (await m365()).testConnection(await context())).detail).toContain("calendars visible");
    const after = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), (await findConnection(t.db, t.orgId, "microsoft365"))!, "Microsoft 365");
    expect(after.refreshToken).toMatch(/^0\.sbx-m365-refresh-/);
    expect(after.refreshToken).not.toBe(tokens.refreshToken);
  });
});

describe("Microsoft 365 refusing for a while", () => {
  it("creates the entry once after a 429 with Retry-After and a 503, and the event is published at once", async () => {
    await sandbox.control("faults", { provider: "microsoft365", match: "/microsoft365/v1.0/me/calendars/", kind: "rate_limit", retryAfterSeconds: 1, times: 1 });
    await sandbox.control("faults", { provider: "microsoft365", match: "/microsoft365/v1.0/me/calendars/", kind: "status", status: 503, times: 1 });
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Throttled Outlook" });
    expect((await publishEvent(t.db, t.orgId, event.id)).status).toBe("published");
    await waitFor(async () => (await liveEntries("Throttled Outlook"))[0], { what: "the entry after the faults", timeoutMs: 30_000 });
    expect(await liveEntries("Throttled Outlook")).toHaveLength(1);
    expect((await sandbox.control("faults", undefined, "GET")).faults).toHaveLength(0);
    const calls = await t.db.selectFrom("integration_calls").select(["http_status", "outcome"]).where("connector_id", "=", "microsoft365").where("operation", "=", "events.create").execute();
    expect(calls.map((c) => c.http_status)).toEqual(expect.arrayContaining([429, 503]));
  });

  it("gives up on free/busy as soon as the caller's signal aborts, without waiting for a slow Graph", async () => {
    await sandbox.control("faults", { provider: "microsoft365", match: "/microsoft365/v1.0/me/calendar/getSchedule", kind: "latency", latencyMs: 5000, times: 1 });
    const started = Date.now();
    const err = await (await m365()).freeBusy!.busy(await context(), { from: "2031-02-03T00:00:00Z", to: "2031-02-04T00:00:00Z" }, AbortSignal.timeout(300)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("a revoked Microsoft 365 grant", () => {
  it("marks the connection Needs attention, and the event is still published", async () => {
    await sandbox.control("revoke", { provider: "microsoft365" });
    const row = (await findConnection(t.db, t.orgId, "microsoft365"))!;
    const { readCredentials, sealCredentials } = await import("@/lib/integrations/connections/credentials");
    const tokens = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), row, "Microsoft 365");
    await t.db.updateTable("connections").set({ credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where("id", "=", row.id).execute();
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "After Revoke" });
    expect((await publishEvent(t.db, t.orgId, event.id)).status).toBe("published");
    const after = await waitFor(async () => {
      const r = (await findConnection(t.db, t.orgId, "microsoft365"))!;
      return r.status === "needs_attention" ? r : undefined;
    }, { what: "the connection to need attention", timeoutMs: 20_000 });
    expect(after.status_reason).toContain("reconnect Microsoft 365");
    expect(await liveEntries("After Revoke")).toHaveLength(0);
  });
});
