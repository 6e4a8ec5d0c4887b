// "Perform list" for a REST-hook trigger: what Zapier shows while a Zap is being
// built. The items are the very bodies the delivery engine posts
// ({type, timestamp, data}, built by the same messageBody()), so the fields a
// user maps from a sample are the fields every live delivery carries. Real facts
// come first; an organization with none yet gets one example that its event
// type's schema has checked.
import type { Db } from "@/lib/db/client";
import { domainEventCatalog, type DomainEventType } from "@/lib/domain/outbox/catalog";
import { messageBody } from "@/lib/webhooks/outbound/sign";

export const SAMPLE_LIMIT = 3;

export interface DeliveryBody {
  type: string;
  timestamp: string;
  data: unknown;
}

function body(type: string, at: Date, payload: unknown): DeliveryBody {
  return JSON.parse(messageBody(type, at, payload)) as DeliveryBody;
}

export async function triggerSamples(db: Db, orgId: string, type: DomainEventType): Promise<DeliveryBody[]> {
  const rows = await db
    .selectFrom("domain_events")
    .select(["type", "payload", "occurred_at"])
    .where("org_id", "=", orgId)
    .where("type", "=", type)
    .orderBy("occurred_at", "desc")
    .limit(SAMPLE_LIMIT)
    .execute();
  if (rows.length > 0) {
    // Stored payloads passed the schema when written; parse again so the sample has exactly the schema's fields.
    return rows.map((r) => body(r.type, r.occurred_at, domainEventCatalog[type].schema.parse(r.payload)));
  }
  return [exampleBody(type)];
}

const EXAMPLE_AT = new Date("2030-06-01T08:15:00.000Z");

const exampleEvent = {
  id: "00000000-0000-4000-8000-000000000001",
  slug: "example-conference-a1b2c3",
  title: "Example Conference",
  description: "A sample event: real ones appear here once your organization has some.",
  venue: "Hall 1",
  startsAt: "2030-06-01T07:00:00.000Z",
  endsAt: "2030-06-01T15:00:00.000Z",
  timeZone: "Europe/Zurich",
  capacity: 100,
  status: "published",
  url: "https://switchboard.example/e/example-conference-a1b2c3",
};

const exampleAttendee = {
  id: "00000000-0000-4000-8000-000000000003",
  name: "Ana Example",
  email: "ana@example.com",
  phone: "+41 44 123 45 67",
  ticketTypeId: "00000000-0000-4000-8000-000000000004",
  ticketTypeName: "General",
  status: "paid",
  checkedInAt: null as string | null,
};

const exampleOrder = {
  id: "00000000-0000-4000-8000-000000000002",
  status: "paid",
  buyerName: "Ana Example",
  buyerEmail: "ana@example.com",
  totalMinor: 2500,
  currency: "EUR",
};

/** One example payload of the type, validated by the type's own zod schema. */
export function examplePayload(type: DomainEventType): unknown {
  const entry = domainEventCatalog[type];
  let candidate: unknown;
  switch (type === "ticket.transferred" ? "transfer" : entry.aggregate) {
    case "transfer":
      candidate = {
        event: exampleEvent,
        order: exampleOrder,
        from: { ...exampleAttendee, status: "cancelled" },
        to: { ...exampleAttendee, id: "00000000-0000-4000-8000-000000000005", name: "Ben Example", email: "ben@example.com" },
      };
      break;
    case "event":
      candidate = {
        event: {
          ...exampleEvent,
          status: type === "event.created" ? "draft" : type === "event.cancelled" ? "cancelled" : "published",
        },
      };
      break;
    case "order": {
      const status = type === "ticket.refunded" ? "refunded" : type === "registration.cancelled" ? "cancelled" : "paid";
      const free = type.startsWith("registration.");
      candidate = {
        event: exampleEvent,
        order: { ...exampleOrder, status, totalMinor: free ? 0 : exampleOrder.totalMinor },
        attendees: [{ ...exampleAttendee, status }],
      };
      break;
    }
    case "attendee":
      candidate = { event: exampleEvent, attendee: { ...exampleAttendee, checkedInAt: type === "attendee.check_in_undone" ? null : EXAMPLE_AT.toISOString() } };
      break;
    case "membership":
      candidate = {
        membership: {
          id: "00000000-0000-4000-8000-000000000006",
          planId: "00000000-0000-4000-8000-000000000007",
          planName: "Friends",
          name: "Ana Example",
          email: "ana@example.com",
          status: type === "membership.past_due" ? "past_due" : type === "membership.cancelled" ? "cancelled" : "active",
          currentPeriodEnd: EXAMPLE_AT.toISOString(),
          cancelAtPeriodEnd: false,
        },
      };
      break;
  }
  return entry.schema.parse(candidate);
}

export function exampleBody(type: DomainEventType): DeliveryBody {
  return body(type, EXAMPLE_AT, examplePayload(type));
}
