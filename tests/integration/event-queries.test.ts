// The admin list and the upcoming list count an event's places the same way:
// pending and paid tickets take a place, a cancelled one frees it.
import { describe, expect, it } from "vitest";
import { listEvents, listUpcomingEvents } from "@/lib/domain/events/queries";
import { cancelRegistration } from "@/lib/domain/registrations/cancel";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { makePublishedEvent } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();

describe("places taken in the event lists", () => {
  it("counts pending and paid tickets, not cancelled ones, per event, in both lists", async () => {
    const busy = await makePublishedEvent(t.db, t.orgId, { capacity: 5 });
    const empty = await makePublishedEvent(t.db, t.orgId, { capacity: 5 });
    const { attendees } = await registerFree(t.db, busy.event.slug, { name: "Kim", email: "kim@example.com", ticketTypeId: busy.ticketType.id, quantity: 3 });
    await cancelRegistration(t.db, t.orgId, attendees[0]!.id);
    // A pending ticket (its checkout not finished yet) holds its place too.
    await t.db.updateTable("attendees").set({ status: "pending" }).where("id", "=", attendees[1]!.id).execute();

    const listed = new Map((await listEvents(t.db, t.orgId)).map((e) => [e.id, Number(e.taken)]));
    expect(listed.get(busy.event.id)).toBe(2);
    expect(listed.get(empty.event.id)).toBe(0);

    const upcoming = new Map((await listUpcomingEvents(t.db, t.orgId, { now: new Date("2026-01-01T00:00:00Z") })).map((e) => [e.id, e]));
    expect(upcoming.get(busy.event.id)).toMatchObject({ taken: "2", placesLeft: 3 });
    expect(upcoming.get(empty.event.id)).toMatchObject({ taken: "0", placesLeft: 5 });
  });
});
