// What the public pages count and hand out, read from the database: an
// organization's page says the places left as the event page does (each ticket
// type's own quantity counts), and the event's .ics file tells a calendar that
// already holds the event when it moved or was cancelled.
import { describe, expect, it } from "vitest";
import { addTicketType, cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { getPublicEvent, listTicketTypes } from "@/lib/domain/events/queries";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { eventIcs } from "@/lib/public-page/ics";
import { publicOffers } from "@/lib/public-page/offers";
import { publicOrganization } from "@/lib/public-page/organization";
import { eventFields } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
const now = new Date("2026-01-01T00:00:00Z");

async function orgSlug() {
  return (await t.db.selectFrom("organizations").select("slug").where("id", "=", t.orgId).executeTakeFirstOrThrow()).slug;
}

async function listed(eventId: string) {
  const { events } = await publicOrganization(t.db, await orgSlug(), now);
  return events.find((e) => e.id === eventId)!.placesLeft;
}

/** The event page's word for it: sold out when no offer has a place left. */
async function eventPageLeft(eventId: string) {
  const event = await t.db.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirstOrThrow();
  return publicOffers(event, await listTicketTypes(t.db, eventId), { canPay: true }).map((o) => o.left);
}

describe("an organization's page", () => {
  it("says sold out when the only ticket type is, whatever the event's capacity", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Half Sold", capacity: 100 });
    const only = await addTicketType(t.db, t.orgId, event.id, { name: "General", price: "0", currency: "EUR", quantity: 50 });
    await publishEvent(t.db, t.orgId, event.id);
    expect(await listed(event.id)).toBe(50);

    // An order takes at most 10 of a type: five orders sell the 50.
    const buy = (i: number) => registerFree(t.db, event.slug, { name: `Guest ${i}`, email: `guest${i}@example.com`, ticketTypeId: only.id, quantity: 10 });
    await buy(1);
    await buy(2);
    expect(await listed(event.id)).toBe(30);
    for (const i of [3, 4, 5]) await buy(i);
    expect(await eventPageLeft(event.id)).toEqual([0]);
    expect(await listed(event.id)).toBe(0);
  });

  it("counts the fewer of the event's places and what every type has left", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Two Types", capacity: 10 });
    const a = await addTicketType(t.db, t.orgId, event.id, { name: "Day", price: "0", currency: "EUR", quantity: 4 });
    await addTicketType(t.db, t.orgId, event.id, { name: "Week", price: "0", currency: "EUR", quantity: 3 });
    await publishEvent(t.db, t.orgId, event.id);
    // The types offer 7 of the 10 places.
    expect(await listed(event.id)).toBe(7);
    await registerFree(t.db, event.slug, { name: "Di", email: "di@example.com", ticketTypeId: a.id, quantity: 4 });
    expect(await eventPageLeft(event.id)).toEqual([0, 3]);
    expect(await listed(event.id)).toBe(3);

    // A bigger type than the event has room for: the event's places are the limit.
    const roomy = await createEvent(t.db, t.orgId, { ...eventFields, title: "Roomy Types", capacity: 5 });
    await addTicketType(t.db, t.orgId, roomy.id, { name: "Any", price: "0", currency: "EUR", quantity: 50 });
    await addTicketType(t.db, t.orgId, roomy.id, { name: "Other", price: "0", currency: "EUR", quantity: 50 });
    await publishEvent(t.db, t.orgId, roomy.id);
    expect(await listed(roomy.id)).toBe(5);
  });
});

describe("the event's .ics file", () => {
  const line = (ics: string, name: string) => ics.replace(/\r\n[ \t]/g, "").split("\r\n").find((l) => l.startsWith(`${name}:`));

  it("raises its SEQUENCE with every edit and with the cancellation, and says when the event last changed", async () => {
    const created = await createEvent(t.db, t.orgId, { ...eventFields, title: "Moving Day" });
    await addTicketType(t.db, t.orgId, created.id, { name: "General", price: "0", currency: "EUR", quantity: 10 });
    await publishEvent(t.db, t.orgId, created.id);
    const first = eventIcs(await getPublicEvent(t.db, created.slug));
    expect(line(first, "SEQUENCE")).toBe("SEQUENCE:0");

    const moved = await updateEvent(t.db, t.orgId, created.id, { ...eventFields, title: "Moving Day", startsAt: "2030-06-02T09:00", endsAt: "2030-06-02T17:00", version: created.version });
    const second = eventIcs(await getPublicEvent(t.db, created.slug));
    expect(line(second, "SEQUENCE")).toBe("SEQUENCE:1");
    expect(line(second, "DTSTART")).toBe("DTSTART:20300602T070000Z");
    const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    expect(line(second, "LAST-MODIFIED")).toBe(`LAST-MODIFIED:${stamp(moved.updated_at)}`);

    await updateEvent(t.db, t.orgId, created.id, { ...eventFields, title: "Moving Day, renamed", startsAt: "2030-06-02T09:00", endsAt: "2030-06-02T17:00", version: moved.version });
    expect(line(eventIcs(await getPublicEvent(t.db, created.slug)), "SEQUENCE")).toBe("SEQUENCE:2");

    await cancelEvent(t.db, t.orgId, created.id);
    const cancelled = eventIcs(await getPublicEvent(t.db, created.slug));
    expect(line(cancelled, "SEQUENCE")).toBe("SEQUENCE:3");
    expect(line(cancelled, "STATUS")).toBe("STATUS:CANCELLED");
  });
});
