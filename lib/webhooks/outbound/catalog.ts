// The event catalog receivers read: every type with its description, an example
// body and its JSON Schema, generated from the same zod schemas the outbox
// validates with (so the documentation cannot drift from what is sent).
import { z } from "zod";
import { domainEventCatalog, domainEventTypes, earlierVersions, payloadForVersion, type DomainEventPayload, type DomainEventType } from "@/lib/domain/outbox/catalog";
import { TEST_EVENT_TYPE } from "./sign";

const EXAMPLE_TIME = "2030-06-01T07:00:00.000Z";

const exampleEvent = {
  id: "7d0b5c1e-2f4a-4c1b-9d6e-1a2b3c4d5e6f",
  slug: "summer-conference-2030",
  title: "Summer Conference 2030",
  description: "Two days of talks.",
  venue: "Hall 1, Zurich",
  startsAt: "2030-06-01T07:00:00.000Z",
  endsAt: "2030-06-01T15:00:00.000Z",
  timeZone: "Europe/Zurich",
  capacity: 200,
  status: "published",
  url: "https://switchboard.example/e/summer-conference-2030",
};
const exampleAttendee = {
  id: "0c9a8b7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
  name: "Ana Example",
  email: "ana@example.com",
  phone: null,
  ticketTypeId: "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c",
  ticketTypeName: "General",
  status: "paid",
  checkedInAt: null,
};
/** Who a ticket was transferred to: a new attendee with an id of its own. */
const exampleNewHolder = { ...exampleAttendee, id: "4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8", name: "Ben Example", email: "ben@example.com" };
const exampleAnswers = [
  { questionId: "2b7c9e41-8d3f-4a56-9b1e-0c4d7f6a2e91", question: "Dietary requirements", kind: "short-text", value: "Vegetarian" },
  { questionId: "6f1a3c5e-7b9d-4e2f-8a0c-1d3e5f7a9b2c", question: "I agree to the code of conduct", kind: "checkbox", value: true },
];
/** Facts of a new registration carry the attendees' answers from version 2. */
const carriesAnswers = (type: DomainEventType) => type === "registration.created" || type === "ticket.purchased";
const exampleOrder = {
  id: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
  status: "paid",
  buyerName: "Ana Example",
  buyerEmail: "ana@example.com",
  totalMinor: 4900,
  currency: "EUR",
};

const exampleMaterial = { id: "5c4b3a2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", filename: "keynote-slides.pdf", contentType: "application/pdf", size: 482133 };

function exampleMembership(type: DomainEventType) {
  const status = type === "membership.past_due" ? "past_due" : type === "membership.cancelled" ? "cancelled" : "active";
  return {
    id: "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b",
    planId: "8b7a6f5e-4d3c-4b2a-9f1e-0d9c8b7a6f5e",
    planName: "Friends of the Conference",
    name: "Ana Example",
    email: "ana@example.com",
    status,
    currentPeriodEnd: "2030-07-01T07:00:00.000Z",
    cancelAtPeriodEnd: false,
  };
}

function exampleData(type: DomainEventType): unknown {
  const aggregate = domainEventCatalog[type].aggregate;
  const event = { ...exampleEvent, status: type === "event.cancelled" || type === "event.deleted" ? "cancelled" : type === "event.created" ? "draft" : "published" };
  if (type === "event.material_added" || type === "event.material_removed") return { event, material: exampleMaterial };
  if (aggregate === "membership") return { membership: exampleMembership(type) };
  if (aggregate === "event") return { event };
  if (type === "event.reminder") return { event, attendee: exampleAttendee, reminder: { offsetMinutes: 1440, dueAt: "2030-05-31T07:00:00.000Z" } };
  if (type === "attendee.check_in_undone") return { event, attendee: exampleAttendee };
  if (type === "ticket.transferred") return { event, order: exampleOrder, from: { ...exampleAttendee, status: "cancelled" }, to: exampleNewHolder };
  if (aggregate === "attendee") return { event, attendee: { ...exampleAttendee, checkedInAt: "2030-06-01T06:45:12.000Z" } };
  const status = type === "ticket.refunded" ? "refunded" : type === "registration.cancelled" ? "cancelled" : "paid";
  const attendee = carriesAnswers(type) ? { ...exampleAttendee, status, answers: exampleAnswers } : { ...exampleAttendee, status };
  return { event, order: { ...exampleOrder, status }, attendees: [attendee] };
}

/** An earlier payload version still sent to endpoints that pinned it. */
export interface EarlierCatalogEntry {
  version: number;
  /** What it lacks compared with the version after it. */
  changes: string;
  example: unknown;
  schema: unknown;
}

export interface CatalogEntry {
  type: string;
  description: string;
  version: number | null;
  /** A whole body as sent: {type, timestamp, data}. */
  example: unknown;
  /** JSON Schema (draft 2020-12) of that whole body. */
  schema: unknown;
  /** Earlier versions, newest first; empty when the type has only ever had one. */
  earlier: EarlierCatalogEntry[];
}

function envelope(type: string, data: z.ZodType) {
  return z.object({
    type: z.literal(type).describe("The event type"),
    timestamp: z.iso.datetime().describe("When the fact happened (ISO 8601, UTC)"),
    data,
  });
}

const testData = z.object({ endpointId: z.uuid(), message: z.string() });

export function eventTypeCatalog(): CatalogEntry[] {
  const entries: CatalogEntry[] = domainEventTypes.map((type) => {
    const def = domainEventCatalog[type];
    const data = def.schema.parse(exampleData(type)) as DomainEventPayload<typeof type>;
    const example = { type, timestamp: EXAMPLE_TIME, data };
    const earlier = [...earlierVersions(type)]
      .sort((a, b) => b.version - a.version)
      .map((v) => ({
        version: v.version,
        changes: v.changes,
        example: { type, timestamp: EXAMPLE_TIME, data: payloadForVersion(type, v.version, data) },
        schema: z.toJSONSchema(envelope(type, v.schema)),
      }));
    return { type, description: def.describe, version: def.version, example, schema: z.toJSONSchema(envelope(type, def.schema)), earlier };
  });
  entries.push({
    type: TEST_EVENT_TYPE,
    description: "Sent by the Send test event button; never from a real fact, and not subscribable.",
    version: null,
    example: { type: TEST_EVENT_TYPE, timestamp: EXAMPLE_TIME, data: { endpointId: "3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d", message: "A test event from Switchboard." } },
    schema: z.toJSONSchema(envelope(TEST_EVENT_TYPE, testData)),
    earlier: [],
  });
  return entries;
}
