// Every fact Switchboard tells the outside world, with its versioned payload.
// Subscribers (connectors, outbound webhooks, the activity log) read these shapes;
// a breaking change gets a new version, never an edit of an existing one.
import { z } from "zod";

const eventSnapshot = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  venue: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  timeZone: z.string(),
  capacity: z.number().int(),
  status: z.enum(["draft", "published", "cancelled"]),
  url: z.string(),
  /**
   * Added without a version change (optional, absent for events held in a place):
   * true for an online event, with the join link of its meeting, null until a
   * meeting provider has created one or while it is missing.
   */
  online: z.boolean().optional().meta({ description: "Present and true for an online event; absent for an event held in a place." }),
  meetingUrl: z.string().nullable().optional().meta({ description: "An online event's join link; null until a connected meeting provider has created the meeting, or while it is missing." }),
  /** Added without a version change (optional): true for an event the organizer marked as a hackathon. */
  hackathon: z.boolean().optional().meta({ description: "Present and true for an event marked as a hackathon; absent otherwise." }),
  /** Added without a version change (optional): a public link to the event's cover image, null without one. */
  coverImageUrl: z.string().nullable().optional().meta({ description: "A public link to the event's cover image; null or absent when it has none." }),
});

/** One answer to a registration question, as the attendee gave it (a connector's check may have canonicalised it). */
const answerSnapshot = z.object({
  questionId: z.uuid(),
  /** The question as the organizer worded it when the attendee answered. */
  question: z.string(),
  /** short-text, long-text, choice, checkbox, email, url, file, or a connector's kind (github-username). */
  kind: z.string(),
  value: z.union([z.string(), z.boolean()]),
  /** Added without a version change (optional): a "file" answer's name; its value is the file's id. */
  filename: z.string().optional().meta({ description: "For a `file` answer (whose value is the file's id): the name the attendee uploaded it with; absent for other kinds." }),
});

const attendeeSnapshot = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  /** The number (E.164) the attendee agreed to receive SMS at; absent or null without that consent. */
  smsPhone: z.string().nullable().optional(),
  ticketTypeId: z.uuid(),
  ticketTypeName: z.string(),
  status: z.enum(["pending", "paid", "refunded", "cancelled"]),
  checkedInAt: z.iso.datetime().nullable(),
  /** The attendee's answers to the event's registration questions, in the event's order. */
  answers: z
    .array(answerSnapshot)
    .optional()
    .meta({ description: "The attendee's answers to the event's registration questions, in the event's order: always present (empty when nothing is asked) in registration.created and ticket.purchased from version 2; absent elsewhere." }),
});

const orderSnapshot = z.object({
  id: z.uuid(),
  status: z.enum(["pending", "paid", "refunded", "cancelled"]),
  buyerName: z.string(),
  buyerEmail: z.string(),
  totalMinor: z.number().int(),
  currency: z.string().length(3),
});

const eventFact = z.object({ event: eventSnapshot });
const orderFact = z.object({
  event: eventSnapshot,
  order: orderSnapshot,
  attendees: z.array(attendeeSnapshot).min(1),
});
/**
 * Version 2 of the facts of a new registration (registration.created,
 * ticket.purchased) is orderFact itself: each attendee carries `answers`, an empty
 * list when the event asks nothing (optional in the schema only because a fact
 * stored before version 2 is read as version 2 without them).
 */
/** Version 1 of the same facts, as endpoints that pinned it receive them: attendees without answers. */
const orderFactV1 = orderFact.extend({ attendees: z.array(attendeeSnapshot.omit({ answers: true })).min(1) });
const attendeeFact = z.object({ event: eventSnapshot, attendee: attendeeSnapshot });
/** A ticket passed on: `from` is the old holder (now cancelled, its code void), `to` the new one with a new code. */
const transferFact = z.object({
  event: eventSnapshot,
  order: orderSnapshot,
  from: attendeeSnapshot.meta({ description: "The holder the ticket was taken from: status cancelled, its code no longer admits anyone." }),
  to: attendeeSnapshot.meta({ description: "The new holder: a new attendee of the same order and ticket type, with a ticket code of its own." }),
});
/** A file an organizer shares with an event's paid attendees (slides, a handbook). */
const materialSnapshot = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
});
const materialFact = z.object({ event: eventSnapshot, material: materialSnapshot });
const reminderFact = z.object({
  event: eventSnapshot,
  attendee: attendeeSnapshot,
  reminder: z.object({
    /** How long before the start this reminder is, in minutes (an elapsed duration, see README "Reminders"). */
    offsetMinutes: z.number().int().positive(),
    /** When it was due: the start minus the offset. */
    dueAt: z.iso.datetime(),
  }),
});

/** A person's membership of a plan (not a role in the organization), as its payment provider last reported it. */
const membershipSnapshot = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  planName: z.string(),
  name: z.string(),
  email: z.string(),
  status: z.enum(["pending", "incomplete", "active", "past_due", "cancelled"]),
  /** When the paid period ends (the next renewal, or the end of a cancelled membership); null before the provider reported it. */
  currentPeriodEnd: z.iso.datetime().nullable(),
  cancelAtPeriodEnd: z.boolean(),
});
const membershipFact = z.object({ membership: membershipSnapshot });

export const domainEventCatalog = {
  "event.created": { version: 1, aggregate: "event", schema: eventFact, describe: "An event was created as a draft." },
  "event.updated": { version: 1, aggregate: "event", schema: eventFact, describe: "An event's details changed." },
  "event.published": { version: 1, aggregate: "event", schema: eventFact, describe: "An event was published and is open for registration." },
  "event.cancelled": { version: 1, aggregate: "event", schema: eventFact, describe: "An event was cancelled." },
  "event.deleted": { version: 1, aggregate: "event", schema: eventFact, describe: "A draft or cancelled event was deleted, with its files." },
  "event.material_added": { version: 1, aggregate: "event", schema: materialFact, describe: "An organizer added a file to an event's materials, shared with its paid attendees." },
  "event.material_removed": { version: 1, aggregate: "event", schema: materialFact, describe: "An organizer removed a file from an event's materials." },
  "registration.created": {
    version: 2,
    aggregate: "order",
    schema: orderFact,
    describe: "Someone registered for an event (free or paid).",
    earlier: [{ version: 1, schema: orderFactV1, changes: "Attendees without their answers to the registration questions." }],
  },
  "registration.cancelled": { version: 1, aggregate: "order", schema: orderFact, describe: "A registration was cancelled." },
  "ticket.purchased": {
    version: 2,
    aggregate: "order",
    schema: orderFact,
    describe: "A paid order's tickets were issued.",
    earlier: [{ version: 1, schema: orderFactV1, changes: "Attendees without their answers to the registration questions." }],
  },
  "ticket.refunded": { version: 1, aggregate: "order", schema: orderFact, describe: "Tickets of an order were refunded." },
  "attendee.checked_in": { version: 1, aggregate: "attendee", schema: attendeeFact, describe: "An attendee was checked in at the door." },
  "attendee.check_in_undone": { version: 1, aggregate: "attendee", schema: attendeeFact, describe: "An attendee's check-in was undone (scanned by mistake): the ticket admits its holder again." },
  "ticket.transferred": { version: 1, aggregate: "order", schema: transferFact, describe: "A ticket was passed on to another person: the old holder's ticket is void and the new holder has a ticket with a new code." },
  "event.reminder": { version: 1, aggregate: "attendee", schema: reminderFact, describe: "A reminder is due for an attendee: once per attendee and offset before the event's start." },
  "membership.started": { version: 1, aggregate: "membership", schema: membershipFact, describe: "A person's membership of a plan became active after its first payment." },
  "membership.renewed": { version: 1, aggregate: "membership", schema: membershipFact, describe: "A membership's renewal was paid: once per paid renewal invoice." },
  "membership.past_due": { version: 1, aggregate: "membership", schema: membershipFact, describe: "A membership's renewal payment failed; the member was asked to update the card." },
  "membership.cancelled": { version: 1, aggregate: "membership", schema: membershipFact, describe: "A membership ended: cancelled by the member or the organizer, or after payments kept failing." },
} as const;

export type DomainEventType = keyof typeof domainEventCatalog;
export type DomainEventPayload<T extends DomainEventType> = z.infer<(typeof domainEventCatalog)[T]["schema"]>;
export type EventSnapshot = z.infer<typeof eventSnapshot>;
export type AttendeeSnapshot = z.infer<typeof attendeeSnapshot>;
export type OrderSnapshot = z.infer<typeof orderSnapshot>;
export type AnswerSnapshot = z.infer<typeof answerSnapshot>;
export type MaterialSnapshot = z.infer<typeof materialSnapshot>;
export type MembershipSnapshot = z.infer<typeof membershipSnapshot>;

export const domainEventTypes = Object.keys(domainEventCatalog) as DomainEventType[];

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.hasOwn(domainEventCatalog, type);
}

/** A stored domain event as subscribers receive it. */
export interface DomainEvent<T extends DomainEventType = DomainEventType> {
  id: string;
  orgId: string;
  type: T;
  version: number;
  occurredAt: Date;
  payload: DomainEventPayload<T>;
}

/** An earlier payload version of a type, still described and still sent to endpoints that pinned it. */
export interface EarlierVersion {
  version: number;
  schema: z.ZodType;
  /** What this version lacks or has differently, compared with the one after it. */
  changes: string;
}

export function earlierVersions(type: DomainEventType): readonly EarlierVersion[] {
  const def = domainEventCatalog[type];
  return "earlier" in def ? def.earlier : [];
}

/** The version of every type a new subscriber is given: the latest of each. */
export function currentPayloadVersions(): Record<DomainEventType, number> {
  return Object.fromEntries(domainEventTypes.map((t) => [t, domainEventCatalog[t].version])) as Record<DomainEventType, number>;
}

/**
 * A payload in the shape of one version of its type. Earlier versions only ever
 * lack what later ones added, so an earlier version is the latest payload read
 * through that version's schema (zod drops what the version does not describe).
 * An unknown or newer version gets the latest.
 */
export function payloadForVersion<T extends DomainEventType>(type: T, version: number, payload: DomainEventPayload<T>): unknown {
  const earlier = earlierVersions(type).find((v) => v.version === version);
  return earlier ? earlier.schema.parse(payload) : payload;
}

export function parsePayload<T extends DomainEventType>(type: T, payload: unknown): DomainEventPayload<T> {
  return domainEventCatalog[type].schema.parse(payload) as DomainEventPayload<T>;
}
