// The /api/v1 contract: every request and response shape, as zod schemas. The
// routes validate with them, lib/api builds responses typed by them, and the
// OpenAPI document (lib/api/openapi.ts) is generated from them, so the three
// cannot drift. JSON is camelCase; money is integer minor units plus an ISO 4217
// currency; timestamps are ISO 8601 instants in UTC.
//
// Where a resource is also told to subscribers, the response reuses the outbox
// snapshot (lib/domain/outbox/catalog.ts) and adds to it, so an API client and a
// webhook consumer see one shape for one thing.
import { z } from "zod";
import { domainEventCatalog } from "@/lib/domain/outbox/catalog";
import { eventInput, ticketTypeInput } from "@/lib/domain/events/input";
import { ticketTypeUpdateInput } from "@/lib/domain/events/ticket-type-update";
import { transferInput } from "@/lib/domain/registrations/transfer";
import { TICKET_OUTCOMES } from "@/lib/tickets/validate";

// ---------- the outbox snapshots, reused ----------

const eventSnapshot = domainEventCatalog["event.created"].schema.shape.event;
const orderSnapshot = domainEventCatalog["registration.created"].schema.shape.order;
const attendeeSnapshot = domainEventCatalog["registration.created"].schema.shape.attendees.element;

const instant = z.iso.datetime();
const orderStatus = z.enum(["pending", "paid", "refunded", "cancelled"]);
const eventStatus = z.enum(["draft", "published", "cancelled"]);

// ---------- responses ----------

export const EventSchema = eventSnapshot
  .extend({
    publishedAt: instant.nullable().meta({ description: "When the event was published; null while it is a draft." }),
    cancelledAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({
    description:
      "An event. startsAt and endsAt are instants (UTC); timeZone is the zone the organizer entered them in. url is its public page.",
  });

export const TicketTypeSchema = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    name: z.string(),
    priceMinor: z.number().int().min(0).meta({ description: "Price in minor units of currency (2550 = 25.50 EUR); 0 is free." }),
    currency: z.string().length(3),
    quantity: z.number().int().meta({ description: "How many tickets of this type are offered." }),
    sold: z.number().int().meta({ description: "Places taken by pending or paid orders." }),
    createdAt: instant,
  })
  .meta({ description: "A kind of ticket an event offers." });

export const OrderSchema = orderSnapshot
  .extend({
    eventId: z.uuid(),
    refundedMinor: z.number().int().meta({ description: "Amount refunded so far, in minor units." }),
    paymentProvider: z.string().nullable().meta({ description: "The gateway that took the payment (stripe, paypal, …); null for free orders." }),
    paidAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ description: "An order: one buyer's registration or purchase for one event. totalMinor is in minor units of currency." });

export const AttendeeSchema = attendeeSnapshot
  .extend({
    eventId: z.uuid(),
    orderId: z.uuid(),
    transferredTo: z
      .uuid()
      .nullable()
      .meta({ description: "Set when this ticket was transferred: the attendee who holds it now (this one is cancelled and its code admits nobody)." }),
    createdAt: instant,
  })
  .meta({ description: "One ticket holder (one per ticket of an order)." });

export const TicketTransferSchema = z
  .object({
    from: AttendeeSchema.meta({ description: "The old holder, now cancelled, with transferredTo set." }),
    to: AttendeeSchema.meta({ description: "The new holder, with a ticket code of its own." }),
  })
  .meta({ description: "A ticket passed on to another person." });

export const RefundSchema = z
  .object({
    orderId: z.uuid(),
    attendeeId: z.uuid().nullable().meta({ description: "The ticket refunded; null for the rest of the whole order." }),
    amountMinor: z.number().int().meta({ description: "The amount asked of the payment provider, in minor units." }),
    currency: z.string().length(3),
    status: z.enum(["requested"]).meta({
      description: "requested: the payment provider has the refund; the order's refundedMinor and the tickets' status change once it confirms (ticket.refunded is then told).",
    }),
  })
  .meta({ description: "A refund asked of the order's payment provider." });

function listOf<T extends z.ZodType>(item: T, what: string) {
  return z
    .object({
      data: z.array(item),
      next_cursor: z
        .string()
        .nullable()
        .meta({ description: "Pass as ?cursor= to get the next page; null on the last page." }),
    })
    .meta({ description: `A page of ${what}, newest first.` });
}

export const EventListSchema = listOf(EventSchema, "events");
export const TicketTypeListSchema = listOf(TicketTypeSchema, "ticket types");
export const OrderListSchema = listOf(OrderSchema, "orders");
export const AttendeeListSchema = listOf(AttendeeSchema, "attendees");

export const ErrorSchema = z
  .object({
    error: z.string().meta({
      description:
        "A stable code: malformed_json, payload_too_large, validation_failed, unauthorized, not_found, conflict, rate_limited, idempotency_key_reused, idempotency_in_progress, invalid_idempotency_key, provider_error, internal.",
    }),
    message: z.string().meta({ description: "What went wrong, for a person to read." }),
    fields: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .meta({ description: "With validation_failed: the messages for each field, keyed by its name (nested fields as a.b)." }),
  })
  .meta({ description: "Every error answer has this shape." });

export type ApiEvent = z.infer<typeof EventSchema>;
export type ApiTicketType = z.infer<typeof TicketTypeSchema>;
export type ApiOrder = z.infer<typeof OrderSchema>;
export type ApiAttendee = z.infer<typeof AttendeeSchema>;
export type ApiTicketTransfer = z.infer<typeof TicketTransferSchema>;
export type ApiRefund = z.infer<typeof RefundSchema>;
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

// ---------- requests ----------

/** Wall-clock minutes in the event's time zone, or an instant with an offset. */
const LOCAL_OR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))?$/;
const apiDateTime = z
  .string()
  .regex(LOCAL_OR_INSTANT, "Enter a date and time such as 2030-06-01T09:00 (in timeZone) or 2030-06-01T07:00:00Z")
  .refine((v) => v.length === 16 || !Number.isNaN(Date.parse(v)), "Enter a real date and time")
  .meta({
    description:
      "Either wall-clock time in the event's timeZone (YYYY-MM-DDTHH:mm) or an instant with an offset (RFC 3339). Kept to the minute.",
    examples: ["2030-06-01T09:00", "2030-06-01T07:00:00Z"],
  });

const ev = eventInput.shape;
export const CreateEventBody = z
  .strictObject({
    title: ev.title,
    description: ev.description,
    venue: ev.venue,
    startsAt: apiDateTime,
    endsAt: apiDateTime,
    timeZone: ev.timeZone.meta({ description: "An IANA time zone, such as Europe/Zurich.", examples: ["Europe/Zurich"] }),
    capacity: ev.capacity.meta({ description: "Places the event has in total." }),
  })
  .meta({ description: "A new event. It is created as a draft; publishing is done in Switchboard." });
export type CreateEventBody = z.output<typeof CreateEventBody>;

const tt = ticketTypeInput.shape;
export const CreateTicketTypeBody = z
  .strictObject({
    name: tt.name,
    priceMinor: z
      .number({ error: "Enter the price in minor units, such as 2550 for 25.50" })
      .int("The price is a whole number of minor units, such as 2550 for 25.50")
      .min(0, "The price cannot be negative")
      .max(100_000_000, "The price must be at most 100,000,000 minor units (1,000,000.00)")
      .meta({ description: "Price in minor units of currency (2550 = 25.50 EUR); 0 is free. At most 1,000,000 in the currency (100,000,000 for EUR, 1,000,000 for JPY)." }),
    currency: tt.currency.meta({ description: "ISO 4217 code, such as EUR.", examples: ["EUR"] }),
    quantity: tt.quantity.meta({ description: "How many tickets of this type are offered." }),
  })
  .meta({ description: "A new ticket type for an event." });
export type CreateTicketTypeBody = z.output<typeof CreateTicketTypeBody>;

/** A PATCH changes what it names; an empty one is a mistake worth telling. */
const atLeastOneField = (v: object) => Object.keys(v).length > 0;
const NOTHING_TO_CHANGE = { error: "Send at least one field to change" };

// Built field by field rather than CreateEventBody.partial(): a left-out field must stay left out, not take the create's default ("").
const ce = CreateEventBody.shape;
export const UpdateEventBody = z
  .strictObject({
    title: ce.title.optional(),
    description: ce.description.unwrap().optional(),
    venue: ce.venue.unwrap().optional(),
    startsAt: ce.startsAt.optional(),
    endsAt: ce.endsAt.optional(),
    timeZone: ce.timeZone.optional(),
    capacity: ce.capacity.optional(),
  })
  .refine(atLeastOneField, NOTHING_TO_CHANGE)
  .meta({
    description:
      "The fields to change; the others keep their values. With timeZone alone the instants stay and their wall-clock time follows the new zone. Validated as in Switchboard's event form: a capacity below the places taken, a cancelled event, or the event changed by someone else while this request ran, is 409.",
    minProperties: 1,
  });
export type UpdateEventBody = z.output<typeof UpdateEventBody>;

const tu = ticketTypeUpdateInput.shape;
export const UpdateTicketTypeBody = z
  .strictObject({
    name: tu.name,
    priceMinor: tu.priceMinor.meta({ description: "Price in minor units of currency; only while no ticket of this type was issued (409 otherwise)." }),
    currency: tu.currency.meta({ description: "ISO 4217 code; only together with priceMinor, and only while no ticket of this type was issued." }),
    quantity: tu.quantity.meta({ description: "How many tickets of this type are offered; never below those taken (409)." }),
  })
  .refine(atLeastOneField, NOTHING_TO_CHANGE)
  .meta({ description: "The fields of a ticket type to change; the others keep their values.", minProperties: 1 });

const tr = transferInput.shape;
export const TransferTicketBody = z
  .strictObject({
    name: tr.name.meta({ description: "The new holder's name." }),
    email: tr.email.meta({ description: "The new holder's e-mail address.", examples: ["ben@example.com"] }),
  })
  .meta({ description: "Who the ticket goes to." });

export const CreateRefundBody = z
  .strictObject({
    attendeeId: z
      .uuid("attendeeId must be an attendee id (UUID)")
      .optional()
      .meta({ description: "Refund this one ticket of the order (its ticket type's price). Left out: everything of the order not refunded yet." }),
  })
  .meta({ description: "What to refund." });

/** Actions that take no body: an empty body or {} (anything in it is refused, so a typo is not silently ignored). */
export const NoBody = z.strictObject({}).meta({ description: "No fields: send {} or no body." });

// ---------- tickets at the door ----------

export const ValidateTicketBody = z
  .strictObject({
    code: z
      .string({ error: "Send the ticket code as a string" })
      .trim()
      .min(1, "Enter the ticket code")
      .max(64, "A ticket code is 16 characters (dashes and spaces aside)")
      .meta({ description: "The code on the ticket or in its QR code: 16 characters 0–9 and A–F, any case, with or without dashes or spaces.", examples: ["1A2B-3C4D-5E6F-7A8B"] }),
    eventId: z.uuid("eventId must be an event id (UUID)").optional().meta({ description: "The event being checked in: a ticket of another event is answered wrong_event." }),
    checkIn: z.boolean({ error: "checkIn is true or false" }).default(true).meta({ description: "false only looks the ticket up; true (the default) checks a valid ticket in." }),
  })
  .meta({ description: "A ticket code to check, and whether to check its holder in." });
export type ValidateTicketBody = z.output<typeof ValidateTicketBody>;

export const TicketValidationSchema = z
  .object({
    outcome: z.enum(TICKET_OUTCOMES).meta({
      description:
        "checked_in (now), already_checked_in (ticket.checkedInAt says when), valid (with checkIn: false), refunded, cancelled, pending (not paid), wrong_event, not_found (also for another organization's code).",
    }),
    admit: z.boolean().meta({ description: "true for checked_in and valid: let the holder in." }),
    message: z.string().meta({ description: "A sentence for the person at the door." }),
    ticket: z
      .object({
        code: z.string().meta({ description: "The code in groups of four." }),
        attendeeId: z.uuid(),
        attendeeName: z.string(),
        ticketType: z.string(),
        eventId: z.uuid(),
        eventTitle: z.string(),
        checkedInAt: instant.nullable(),
      })
      .nullable()
      .meta({ description: "The ticket the code belongs to; null for not_found." }),
    counts: z
      .object({ checkedIn: z.number().int(), total: z.number().int() })
      .nullable()
      .meta({ description: "With eventId: valid tickets of the event checked in so far, and in all." }),
  })
  .meta({ description: "What a ticket code is good for. Every outcome is answered 200; only admit: true lets someone in." });

// ---------- query parameters ----------

export const PageQuery = z.object({
  limit: z.coerce
    .number({ error: "limit must be a number from 1 to 100" })
    .int("limit must be a whole number from 1 to 100")
    .min(1, "limit must be from 1 to 100")
    .max(100, "limit must be from 1 to 100")
    .default(25)
    .meta({ description: "Items per page, 1 to 100 (default 25)." }),
  cursor: z
    .string()
    .max(200, "This cursor is not one we gave out")
    .optional()
    .meta({ description: "The next_cursor of the previous page; leave out for the first page." }),
});
export type PageQuery = z.output<typeof PageQuery>;

const uuidFilter = (what: string) => z.uuid(`${what} must be an id (UUID)`);

export const ListEventsQuery = PageQuery.extend({
  status: eventStatus.optional().meta({ description: "Only events with this status." }),
});
export const ListTicketTypesQuery = PageQuery;
export const ListOrdersQuery = PageQuery.extend({
  eventId: uuidFilter("eventId").optional().meta({ description: "Only orders for this event." }),
  status: orderStatus.optional().meta({ description: "Only orders with this status." }),
});
export const ListAttendeesQuery = PageQuery.extend({
  eventId: uuidFilter("eventId").optional().meta({ description: "Only attendees of this event." }),
  orderId: uuidFilter("orderId").optional().meta({ description: "Only attendees of this order." }),
  status: orderStatus.optional().meta({ description: "Only attendees whose ticket has this status." }),
});
export const ListEventAttendeesQuery = ListAttendeesQuery.omit({ eventId: true });
