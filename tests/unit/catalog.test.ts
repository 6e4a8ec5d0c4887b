import { describe, expect, it } from "vitest";
import { domainEventCatalog, domainEventTypes, isDomainEventType, parsePayload } from "@/lib/domain/outbox/catalog";
import { summarize } from "@/lib/jobs/subscribers/activity-log";

const event = {
  id: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
  slug: "launch-abc123",
  title: "Launch",
  description: "",
  venue: "",
  startsAt: "2030-01-01T10:00:00.000Z",
  endsAt: "2030-01-01T12:00:00.000Z",
  timeZone: "UTC",
  capacity: 10,
  status: "published",
  url: "http://localhost:3000/e/launch-abc123",
};

describe("domain event catalog", () => {
  it("lists every fact the issue names, each versioned", () => {
    for (const t of ["event.created", "event.updated", "event.published", "event.cancelled", "event.deleted", "event.material_added", "event.material_removed", "registration.created", "ticket.purchased", "ticket.refunded", "attendee.checked_in"]) {
      expect(isDomainEventType(t)).toBe(true);
      expect(domainEventCatalog[t as keyof typeof domainEventCatalog].version).toBeGreaterThanOrEqual(1);
    }
    expect(domainEventTypes.length).toBe(Object.keys(domainEventCatalog).length);
    expect(isDomainEventType("event.renamed")).toBe(false);
    expect(isDomainEventType("constructor")).toBe(false);
  });

  it("refuses a payload that breaks its schema", () => {
    expect(() => parsePayload("event.published", { event: { ...event, status: "archived" } })).toThrow();
    expect(() => parsePayload("registration.created", { event, order: {}, attendees: [] })).toThrow();
    expect(parsePayload("event.published", { event }).event.title).toBe("Launch");
  });

  it("summarizes facts for the activity log in plain words", () => {
    const attendee = { id: event.id, name: "Ana", email: "ana@example.com", phone: null, ticketTypeId: event.id, ticketTypeName: "General", status: "paid" as const, checkedInAt: null };
    const order = { id: event.id, status: "paid" as const, buyerName: "Ana", buyerEmail: "ana@example.com", totalMinor: 0, currency: "EUR" };
    const base = { id: event.id, orgId: event.id, version: 1, occurredAt: new Date() };
    expect(summarize({ ...base, type: "registration.created", payload: { event: event as never, order, attendees: [attendee, attendee] } })).toBe(
      "Ana <ana@example.com> registered for Launch (2 tickets)",
    );
    expect(summarize({ ...base, type: "attendee.checked_in", payload: { event: event as never, attendee } })).toBe("Ana checked in at Launch");
    expect(summarize({ ...base, type: "event.published", payload: { event: event as never } })).toBe("Launch: published");
    expect(summarize({ ...base, type: "attendee.check_in_undone", payload: { event: event as never, attendee } })).toBe("Ana's check-in at Launch was undone");
    const to = { ...attendee, name: "Ben", email: "ben@example.com" };
    expect(summarize({ ...base, type: "ticket.transferred", payload: { event: event as never, order, from: { ...attendee, status: "cancelled" }, to } })).toBe(
      "Ana <ana@example.com>'s ticket for Launch was transferred to Ben <ben@example.com>",
    );
  });
});
