import { describe, expect, it } from "vitest";
import { checkIn, listAttendees } from "@/lib/domain/attendees/service";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { cancelEvent, createEvent } from "@/lib/domain/events/service";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { useOrgDatabase } from "../helpers/org-database";
import { eventFields, makeOrg, makePublishedEvent } from "../helpers/fixtures";

const t = useOrgDatabase();

const person = (n: number) => ({ name: `Guest ${n}`, email: `guest${n}@example.com` });

describe("free registration", () => {
  it("creates a settled order, its attendees and one registration.created fact", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const { order, attendees } = await registerFree(t.db, event.slug, { ...person(1), ticketTypeId: ticketType.id, quantity: 2, phone: "+41 44 123 45 67" });
    expect(order.status).toBe("paid");
    expect(order.total_minor).toBe(0);
    expect(attendees).toHaveLength(2);
    expect(attendees.every((a) => a.status === "paid" && a.phone === "+41 44 123 45 67")).toBe(true);
    const facts = await t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", order.id).execute();
    expect(facts.map((f) => f.type)).toEqual(["registration.created"]);
    const payload = facts[0]!.payload as { attendees: { ticketTypeName: string }[]; order: { buyerEmail: string } };
    expect(payload.attendees.map((a) => a.ticketTypeName)).toEqual(["General", "General"]);
    expect(payload.order.buyerEmail).toBe("guest1@example.com");
  });

  it("never gives out more places than the event has, however many register at once", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { capacity: 5 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => registerFree(t.db, event.slug, { ...person(100 + i), ticketTypeId: ticketType.id, quantity: 1 })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const r of refused) expect(r.reason).toBeInstanceOf(ConflictError);
    expect((await listAttendees(t.db, t.orgId, event.id)).length).toBe(5);
    await expect(registerFree(t.db, event.slug, { ...person(999), ticketTypeId: ticketType.id, quantity: 1 })).rejects.toThrow("Sold out");
  });

  it("respects the ticket type's own quantity too", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { capacity: 100, quantity: 3 });
    await registerFree(t.db, event.slug, { ...person(1), ticketTypeId: ticketType.id, quantity: 2 });
    await expect(registerFree(t.db, event.slug, { ...person(2), ticketTypeId: ticketType.id, quantity: 2 })).rejects.toThrow("Only 1 place left.");
  });

  it("refuses paid tickets, drafts, cancelled events and foreign ticket types", async () => {
    const paid = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    await expect(registerFree(t.db, paid.event.slug, { ...person(1), ticketTypeId: paid.ticketType.id, quantity: 1 })).rejects.toThrow(/paid tickets are bought through checkout/);

    const draft = await createEvent(t.db, t.orgId, eventFields);
    await expect(registerFree(t.db, draft.slug, { ...person(1), ticketTypeId: paid.ticketType.id, quantity: 1 })).rejects.toBeInstanceOf(NotFoundError);

    const other = await makePublishedEvent(t.db, t.orgId);
    await expect(registerFree(t.db, other.event.slug, { ...person(1), ticketTypeId: paid.ticketType.id, quantity: 1 })).rejects.toBeInstanceOf(ValidationError);

    await cancelEvent(t.db, t.orgId, other.event.id);
    await expect(registerFree(t.db, other.event.slug, { ...person(1), ticketTypeId: other.ticketType.id, quantity: 1 })).rejects.toThrow(/cancelled/);
  });
});

describe("check-in", () => {
  it("checks an attendee in once and emits attendee.checked_in once", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const { attendees } = await registerFree(t.db, event.slug, { ...person(7), ticketTypeId: ticketType.id, quantity: 1 });
    const a = attendees[0]!;
    const first = await checkIn(t.db, t.orgId, a.id);
    const second = await checkIn(t.db, t.orgId, a.id);
    expect(first.checked_in_at).toBeInstanceOf(Date);
    expect(second.checked_in_at!.getTime()).toBe(first.checked_in_at!.getTime());
    const facts = await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", a.id).execute();
    expect(facts.map((f) => f.type)).toEqual(["attendee.checked_in"]);
  });

  it("cannot check in another organization's attendee", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const { attendees } = await registerFree(t.db, event.slug, { ...person(8), ticketTypeId: ticketType.id, quantity: 1 });
    const stranger = await makeOrg(t.db, "Stranger");
    await expect(checkIn(t.db, stranger.id, attendees[0]!.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
