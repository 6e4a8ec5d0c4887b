// Online events and their meeting links, provider-neutral: the form's checkbox,
// the link a meeting provider records travelling in the event's facts, a meeting
// deleted by hand shown as missing with its reason, and offline events unchanged.
import { describe, expect, it } from "vitest";
import { cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { findMeeting, forgetMeeting, markMeetingMissing, meetingsForEvent, recordMeeting } from "@/lib/meetings/store";
import { insertConnection } from "../helpers/connections";
import { useOrgDatabase } from "../helpers/org-database";
import { eventFields } from "../helpers/fixtures";

const t = useOrgDatabase();
const JOIN = "https://meet.example.test/j/111222333?pwd=fake";

async function facts(eventId: string) {
  const rows = await t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", eventId).orderBy("occurred_at").execute();
  return rows.map((r) => ({ type: r.type, event: (r.payload as { event: Record<string, unknown> }).event }));
}

async function connection(connectorId: string) {
  return insertConnection(t.db, { orgId: t.orgId, connectorId, credentials: { accessToken: "fake" } });
}

describe("online events", () => {
  it("takes the form's checkbox, and leaves the facts of an event in a place as they were", async () => {
    const online = await createEvent(t.db, t.orgId, { ...eventFields, online: "on" });
    expect(online.online).toBe(true);
    expect((await facts(online.id))[0]!.event).toMatchObject({ online: true, meetingUrl: null });
    const offline = await createEvent(t.db, t.orgId, eventFields);
    expect(offline.online).toBe(false);
    const payload = (await facts(offline.id))[0]!.event;
    expect(payload).not.toHaveProperty("online");
    expect(payload).not.toHaveProperty("meetingUrl");
    // Saving the form without the box ticked makes it an event in a place again.
    const edited = await updateEvent(t.db, t.orgId, online.id, { ...eventFields, version: online.version });
    expect(edited.online).toBe(false);
  });

  it("puts a recorded meeting's link on the event and tells subscribers once", async () => {
    const conn = await connection("google-calendar");
    const event = await createEvent(t.db, t.orgId, { ...eventFields, online: true });
    await publishEvent(t.db, t.orgId, event.id);
    await recordMeeting(t.db, { orgId: t.orgId, connectionId: conn.id, eventId: event.id, providerMeetingId: "111222333", joinUrl: JOIN });
    // The same link again (a retried delivery) changes nothing and tells nobody.
    await recordMeeting(t.db, { orgId: t.orgId, connectionId: conn.id, eventId: event.id, providerMeetingId: "111222333", joinUrl: JOIN });
    const row = await t.db.selectFrom("events").select("meeting_url").where("id", "=", event.id).executeTakeFirstOrThrow();
    expect(row.meeting_url).toBe(JOIN);
    const updates = (await facts(event.id)).filter((f) => f.type === "event.updated");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.event).toMatchObject({ online: true, meetingUrl: JOIN, status: "published" });
    expect(await findMeeting(t.db, conn.id, event.id)).toMatchObject({ status: "active", joinUrl: JOIN, providerMeetingId: "111222333" });
  });

  it("marks a meeting deleted by hand as missing, with the reason, and takes the link off the event", async () => {
    const conn = (await t.db.selectFrom("connections").selectAll().where("org_id", "=", t.orgId).where("connector_id", "=", "google-calendar").executeTakeFirstOrThrow());
    const event = await createEvent(t.db, t.orgId, { ...eventFields, online: true });
    await publishEvent(t.db, t.orgId, event.id);
    await recordMeeting(t.db, { orgId: t.orgId, connectionId: conn.id, eventId: event.id, providerMeetingId: "444555666", joinUrl: JOIN });
    expect(await markMeetingMissing(t.db, { connectionId: conn.id, providerMeetingId: "444555666", reason: "Deleted in the provider by hand." })).toBe(true);
    // Told twice, applied once.
    expect(await markMeetingMissing(t.db, { connectionId: conn.id, providerMeetingId: "444555666", reason: "Deleted in the provider by hand." })).toBe(false);
    // Another connection's meeting id is not this one's.
    const other = await connection("slack");
    expect(await markMeetingMissing(t.db, { connectionId: other.id, providerMeetingId: "444555666", reason: "x" })).toBe(false);
    const [m] = await meetingsForEvent(t.db, t.orgId, event.id);
    expect(m).toMatchObject({ status: "missing", missingReason: "Deleted in the provider by hand.", connectorId: "google-calendar" });
    const row = await t.db.selectFrom("events").select("meeting_url").where("id", "=", event.id).executeTakeFirstOrThrow();
    expect(row.meeting_url).toBeNull();
    const updates = (await facts(event.id)).filter((f) => f.type === "event.updated");
    expect(updates.map((u) => u.event.meetingUrl)).toEqual([JOIN, null]);
  });

  it("forgets a meeting deleted with the event, telling nobody about a cancelled event", async () => {
    const conn = (await t.db.selectFrom("connections").selectAll().where("org_id", "=", t.orgId).where("connector_id", "=", "google-calendar").executeTakeFirstOrThrow());
    const event = await createEvent(t.db, t.orgId, { ...eventFields, online: true });
    await publishEvent(t.db, t.orgId, event.id);
    await recordMeeting(t.db, { orgId: t.orgId, connectionId: conn.id, eventId: event.id, providerMeetingId: "777888999", joinUrl: JOIN });
    await cancelEvent(t.db, t.orgId, event.id);
    await forgetMeeting(t.db, { connectionId: conn.id, eventId: event.id });
    expect(await meetingsForEvent(t.db, t.orgId, event.id)).toEqual([]);
    const types = (await facts(event.id)).map((f) => f.type);
    expect(types).toEqual(["event.created", "event.published", "event.updated", "event.cancelled"]);
  });
});
