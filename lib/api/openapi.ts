// The OpenAPI 3.1 description of /api/v1, generated from the zod schemas in
// ./schemas with zod's own z.toJSONSchema (JSON Schema 2020-12, which is
// OpenAPI 3.1's dialect). Named shapes become components; query schemas become
// parameters one property at a time. tests/unit/openapi.test.ts checks that
// every route file under app/api/v1 is listed here with each method it exports.
// The `webhooks` section is the outbound event catalog (./openapi-webhooks).
import { z } from "zod";
import { webhookDefinitions } from "./openapi-webhooks";
import {
  AttendeeListSchema,
  AttendeeSchema,
  CreateEventBody,
  CreateRefundBody,
  CreateTicketTypeBody,
  ErrorSchema,
  EventListSchema,
  EventSchema,
  ListAttendeesQuery,
  ListEventAttendeesQuery,
  ListEventsQuery,
  ListOrdersQuery,
  ListTicketTypesQuery,
  NoBody,
  OrderListSchema,
  OrderSchema,
  RefundSchema,
  TicketTransferSchema,
  TicketTypeListSchema,
  TicketTypeSchema,
  TicketValidationSchema,
  TransferTicketBody,
  UpdateEventBody,
  UpdateTicketTypeBody,
  ValidateTicketBody,
} from "./schemas";
import { AttendanceReportSchema, PaymentsReportSchema, ReportQuery, RevenueReportSchema, SalesReportSchema } from "./reports";

export const API_VERSION = "1.1.0";
export const API_BASE_PATH = "/api/v1";

type JsonSchema = Record<string, unknown>;
type Method = "get" | "post" | "patch";

interface Operation {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  body?: string;
  /** The body may be left out (an action that needs no input). */
  optionalBody?: true;
  /** status → [component name or null for no schema, description] */
  responses: Record<number, readonly [string | null, string]>;
  public?: true;
}

const responseComponents = {
  Event: EventSchema,
  EventList: EventListSchema,
  TicketType: TicketTypeSchema,
  TicketTypeList: TicketTypeListSchema,
  Order: OrderSchema,
  OrderList: OrderListSchema,
  Attendee: AttendeeSchema,
  AttendeeList: AttendeeListSchema,
  TicketValidation: TicketValidationSchema,
  TicketTransfer: TicketTransferSchema,
  Refund: RefundSchema,
  Error: ErrorSchema,
  SalesReport: SalesReportSchema,
  RevenueReport: RevenueReportSchema,
  AttendanceReport: AttendanceReportSchema,
  PaymentsReport: PaymentsReportSchema,
};
const requestComponents = {
  CreateEventRequest: CreateEventBody,
  UpdateEventRequest: UpdateEventBody,
  CreateTicketTypeRequest: CreateTicketTypeBody,
  UpdateTicketTypeRequest: UpdateTicketTypeBody,
  TransferTicketRequest: TransferTicketBody,
  CreateRefundRequest: CreateRefundBody,
  EmptyRequest: NoBody,
  ValidateTicketRequest: ValidateTicketBody,
};

const read = { 401: ["Error", "No API key, or an unknown or revoked one."], 404: ["Error", "No such resource in the key's organization."] } as const;
const list = { 401: read[401], 422: ["Error", "A query parameter is invalid (fields names it)."] } as const;
const create = {
  400: ["Error", "The body is not valid JSON, or the Idempotency-Key header is malformed."],
  401: read[401],
  409: ["Error", "The change conflicts with the current state, or a request with this Idempotency-Key is still running."],
  422: ["Error", "A field is invalid (fields names each one), or the Idempotency-Key was used with a different request."],
} as const;
/** A change to one resource: its 404, and 409 for a state that forbids the change. */
const change = { ...create, 404: read[404] } as const;

const operations: Operation[] = [
  {
    method: "get", path: "/events", operationId: "listEvents", tag: "Events", summary: "List events",
    query: ListEventsQuery, responses: { 200: ["EventList", "A page of events."], ...list },
  },
  {
    method: "post", path: "/events", operationId: "createEvent", tag: "Events", summary: "Create a draft event",
    body: "CreateEventRequest", responses: { 201: ["Event", "The new draft event."], ...create },
  },
  {
    method: "get", path: "/events/{eventId}", operationId: "getEvent", tag: "Events", summary: "Get an event",
    responses: { 200: ["Event", "The event."], ...read },
  },
  {
    method: "patch", path: "/events/{eventId}", operationId: "updateEvent", tag: "Events", summary: "Change an event",
    body: "UpdateEventRequest",
    responses: {
      200: ["Event", "The event as changed; event.updated is told."],
      ...change,
      409: ["Error", "The event is cancelled, the capacity is below the places taken, or a request with this Idempotency-Key is still running."],
    },
  },
  {
    method: "post", path: "/events/{eventId}/cancel", operationId: "cancelEvent", tag: "Events", summary: "Cancel an event",
    body: "EmptyRequest", optionalBody: true,
    responses: { 200: ["Event", "The cancelled event; event.cancelled is told once (cancelling again changes nothing)."], ...change },
  },
  {
    method: "get", path: "/events/{eventId}/ticket-types", operationId: "listTicketTypes", tag: "Ticket types", summary: "List an event's ticket types",
    query: ListTicketTypesQuery, responses: { 200: ["TicketTypeList", "A page of ticket types."], ...list, 404: read[404] },
  },
  {
    method: "post", path: "/events/{eventId}/ticket-types", operationId: "createTicketType", tag: "Ticket types", summary: "Add a ticket type to an event",
    body: "CreateTicketTypeRequest", responses: { 201: ["TicketType", "The new ticket type."], ...create, 404: read[404] },
  },
  {
    method: "patch", path: "/events/{eventId}/ticket-types/{ticketTypeId}", operationId: "updateTicketType", tag: "Ticket types", summary: "Change a ticket type",
    body: "UpdateTicketTypeRequest",
    responses: {
      200: ["TicketType", "The ticket type as changed."],
      ...change,
      409: ["Error", "The quantity is below the tickets taken, the price changes after tickets were issued, the event is cancelled, or a request with this Idempotency-Key is still running."],
    },
  },
  {
    method: "get", path: "/events/{eventId}/attendees", operationId: "listEventAttendees", tag: "Attendees", summary: "List an event's attendees",
    query: ListEventAttendeesQuery, responses: { 200: ["AttendeeList", "A page of attendees."], ...list, 404: read[404] },
  },
  {
    method: "get", path: "/orders", operationId: "listOrders", tag: "Orders", summary: "List orders",
    query: ListOrdersQuery, responses: { 200: ["OrderList", "A page of orders."], ...list },
  },
  {
    method: "get", path: "/orders/{orderId}", operationId: "getOrder", tag: "Orders", summary: "Get an order",
    responses: { 200: ["Order", "The order."], ...read },
  },
  {
    method: "post", path: "/orders/{orderId}/refunds", operationId: "createRefund", tag: "Orders", summary: "Refund a ticket, or the rest of an order",
    body: "CreateRefundRequest", optionalBody: true,
    responses: {
      202: ["Refund", "The payment provider has the refund; ticket.refunded is told once it confirms."],
      ...change,
      404: ["Error", "No such order in the key's organization, or attendeeId is not a ticket of this order."],
      409: ["Error", "This refund was already requested (the message says when), the order or ticket is not paid, nothing is left to refund, or a request with this Idempotency-Key is still running."],
      502: ["Error", "The payment provider refused the refund, failed, or did not answer. Retrying is safe: a refund is never paid twice, and while an unanswered attempt may still go through (a few minutes) a retry answers 409."],
    },
  },
  {
    method: "get", path: "/attendees", operationId: "listAttendees", tag: "Attendees", summary: "List attendees across events",
    query: ListAttendeesQuery, responses: { 200: ["AttendeeList", "A page of attendees."], ...list },
  },
  {
    method: "get", path: "/attendees/{attendeeId}", operationId: "getAttendee", tag: "Attendees", summary: "Get an attendee",
    responses: { 200: ["Attendee", "The attendee."], ...read },
  },
  {
    method: "post", path: "/attendees/{attendeeId}/cancel", operationId: "cancelAttendee", tag: "Attendees", summary: "Cancel a free registration",
    body: "EmptyRequest", optionalBody: true,
    responses: {
      200: ["Attendee", "The cancelled attendee; registration.cancelled is told once and the place is free again."],
      ...change,
      409: ["Error", "The ticket was paid for (refund it instead), is already used, or is not valid."],
    },
  },
  {
    method: "post", path: "/attendees/{attendeeId}/check-in", operationId: "checkInAttendee", tag: "Attendees", summary: "Check an attendee in",
    body: "EmptyRequest", optionalBody: true,
    responses: {
      200: ["Attendee", "The attendee, checked in; attendee.checked_in is told once (a repeat answers the first check-in's time)."],
      ...change,
      409: ["Error", "The ticket is not valid (pending, refunded or cancelled)."],
    },
  },
  {
    method: "post", path: "/attendees/{attendeeId}/check-in/undo", operationId: "undoAttendeeCheckIn", tag: "Attendees", summary: "Undo a check-in",
    body: "EmptyRequest", optionalBody: true,
    responses: {
      200: ["Attendee", "The attendee, no longer checked in; attendee.check_in_undone is told once (undoing again changes nothing)."],
      ...change,
      409: ["Error", "The ticket is no longer valid (refunded or cancelled), so its check-in stays."],
    },
  },
  {
    method: "post", path: "/attendees/{attendeeId}/transfer", operationId: "transferTicket", tag: "Attendees", summary: "Transfer a ticket to another person",
    body: "TransferTicketRequest",
    responses: {
      201: ["TicketTransfer", "The old holder (cancelled, its code void) and the new one (a new code); ticket.transferred is told."],
      ...change,
      409: ["Error", "The ticket is not valid, already used or transferred, being refunded, or its event is cancelled or over."],
    },
  },
  {
    method: "post", path: "/tickets/validate", operationId: "validateTicket", tag: "Tickets", summary: "Check a ticket code, and check its holder in",
    body: "ValidateTicketRequest",
    responses: {
      200: ["TicketValidation", "The ticket's outcome; a repeat scan of a used ticket is already_checked_in, never a second check-in."],
      ...create,
      404: ["Error", "eventId names no event of the key's organization."],
      429: ["Error", "Too many codes that matched no ticket from this key; Retry-After says when to try again."],
    },
  },
  ...reportOperations(),
  {
    method: "get", path: "/openapi.json", operationId: "getOpenApiDocument", tag: "Meta", summary: "This document",
    responses: { 200: [null, "The OpenAPI 3.1 document of /api/v1."] }, public: true,
  },
];

/** The reports (lib/api/reports.ts): one period query, 404 for another organization's eventId. */
function reportOperations(): Operation[] {
  const errors = { ...list, 404: ["Error", "eventId names no event of the key's organization."] } as const;
  const report = (name: string, summary: string, component: string): Operation => ({
    method: "get", path: `/reports/${name}`, operationId: `get${component}`, tag: "Reports", summary,
    query: ReportQuery, responses: { 200: [component, `The ${name} report.`], ...errors },
  });
  return [
    report("sales", "Orders and tickets sold, per day and ticket type", "SalesReport"),
    report("revenue", "Gross, refunded and net revenue per currency", "RevenueReport"),
    report("attendance", "Registered, checked in and no-shows per event", "AttendanceReport"),
    report("payments", "Payments, failed attempts by decline code, refunds and disputes per currency", "PaymentsReport"),
  ];
}

/** zod's JSON Schema, tidied for reading: no per-schema $schema/$id, no regexes that only restate a format. */
function tidy(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

const override = (ctx: { jsonSchema: JsonSchema }) => {
  const js = ctx.jsonSchema;
  if (typeof js.format === "string" && ["date-time", "uuid", "email"].includes(js.format)) delete js.pattern;
  if (js.type === "integer" && js.minimum === Number.MIN_SAFE_INTEGER) delete js.minimum;
  if (js.type === "integer" && js.maximum === Number.MAX_SAFE_INTEGER) delete js.maximum;
};

/**
 * Responses may gain fields within v1 (see the versioning policy in the README),
 * so response objects do not claim additionalProperties: false; request bodies
 * do, because an unknown field there is refused.
 */
function allowAdditions(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(allowAdditions);
  if (!node || typeof node !== "object") return;
  const obj = node as JsonSchema;
  if (obj.type === "object" && obj.additionalProperties === false) delete obj.additionalProperties;
  Object.values(obj).forEach(allowAdditions);
}

function components(schemas: Record<string, z.ZodType>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, override, unrepresentable: "any" });
  const result = Object.fromEntries(Object.entries(out.schemas).map(([id, s]) => [id, tidy(s as JsonSchema)]));
  if (io === "output") allowAdditions(result);
  return result;
}

function queryParameters(query: z.ZodObject): JsonSchema[] {
  const js = z.toJSONSchema(query, { io: "input", override, unrepresentable: "any" }) as JsonSchema;
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: "query", required: required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

function pathParameters(path: string): JsonSchema[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string", format: "uuid" },
  }));
}

function response(ref: string | null, description: string): JsonSchema {
  if (!ref) return { description, content: { "application/json": { schema: { type: "object" } } } };
  return { description, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } };
}

const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Any unique string (1–255 characters), such as a UUID. Repeating the request with the same key and body answers the first answer again (with Idempotent-Replayed: true) instead of creating a second resource. Keys are kept per API key.",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

export function buildOpenApiDocument(): JsonSchema {
  const outbound = webhookDefinitions();
  // Payloads gain optional fields within a version too (lib/domain/outbox/catalog.ts): receivers ignore what they do not know.
  allowAdditions(outbound.schemas);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const parameters = [...pathParameters(op.path), ...(op.query ? queryParameters(op.query) : []), ...(op.body ? [idempotencyKeyParameter] : [])];
    const operation: JsonSchema = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: !op.optionalBody, content: { "application/json": { schema: { $ref: `#/components/schemas/${op.body}` } } } } }
        : {}),
      responses: Object.fromEntries(Object.entries(op.responses).map(([status, [ref, description]]) => [status, response(ref, description)])),
      ...(op.public ? { security: [] } : {}),
    };
    (paths[op.path] ??= {})[op.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchboard API",
      version: API_VERSION,
      description:
        "Read an organization's events, ticket types, orders and attendees; create and change events and ticket types; cancel events and registrations; " +
        "check attendees in (and undo it), transfer tickets, refund orders, and validate tickets at the door. " +
        "Authenticate with an organization API key (Settings → API keys) in the X-API-Key header or as Authorization: Bearer <key>. " +
        "Lists are paginated with ?limit= and ?cursor=, newest first. Every write accepts an Idempotency-Key header. " +
        "The webhooks section describes what Switchboard posts to the organization's own endpoints.",
    },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    servers: [{ url: API_BASE_PATH, description: "This Switchboard, version 1 of the API." }],
    security: [{ ApiKey: [] }, { BearerAuth: [] }],
    tags: [
      { name: "Events" },
      { name: "Ticket types" },
      { name: "Orders" },
      { name: "Attendees" },
      { name: "Tickets" },
      { name: "Reports" },
      { name: "Meta" },
      { name: "Webhooks", description: "What Switchboard posts to an organization's endpoints (Settings → Webhooks)." },
    ],
    paths,
    webhooks: outbound.webhooks,
    components: {
      securitySchemes: {
        ApiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "An organization API key (sbk_…)." },
        BearerAuth: { type: "http", scheme: "bearer", description: "The same API key as Authorization: Bearer sbk_…" },
      },
      schemas: { ...components(responseComponents, "output"), ...components(requestComponents, "input"), ...outbound.schemas },
    },
  };
}

let cached: JsonSchema | undefined;

/** Built once per process: the schemas do not change while it runs. */
export function openApiDocument(): JsonSchema {
  cached ??= buildOpenApiDocument();
  return cached;
}
