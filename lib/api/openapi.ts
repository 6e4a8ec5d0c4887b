// The OpenAPI 3.1 description of /api/v1, generated from the zod schemas in
// ./schemas with zod's own z.toJSONSchema (JSON Schema 2020-12, which is
// OpenAPI 3.1's dialect). Named shapes become components; query schemas become
// parameters one property at a time. tests/unit/openapi.test.ts checks that
// every route file under app/api/v1 is listed here with each method it exports.
import { z } from "zod";
import {
  AttendeeListSchema,
  AttendeeSchema,
  CreateEventBody,
  CreateTicketTypeBody,
  ErrorSchema,
  EventListSchema,
  EventSchema,
  ListAttendeesQuery,
  ListEventAttendeesQuery,
  ListEventsQuery,
  ListOrdersQuery,
  ListTicketTypesQuery,
  OrderListSchema,
  OrderSchema,
  TicketTypeListSchema,
  TicketTypeSchema,
  TicketValidationSchema,
  ValidateTicketBody,
} from "./schemas";
import { AttendanceReportSchema, ReportQuery, RevenueReportSchema, SalesReportSchema } from "./reports";

export const API_VERSION = "1.0.0";
export const API_BASE_PATH = "/api/v1";

type JsonSchema = Record<string, unknown>;
type Method = "get" | "post";

interface Operation {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  body?: string;
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
  Error: ErrorSchema,
  SalesReport: SalesReportSchema,
  RevenueReport: RevenueReportSchema,
  AttendanceReport: AttendanceReportSchema,
};
const requestComponents = {
  CreateEventRequest: CreateEventBody,
  CreateTicketTypeRequest: CreateTicketTypeBody,
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
    method: "get", path: "/events/{eventId}/ticket-types", operationId: "listTicketTypes", tag: "Ticket types", summary: "List an event's ticket types",
    query: ListTicketTypesQuery, responses: { 200: ["TicketTypeList", "A page of ticket types."], ...list, 404: read[404] },
  },
  {
    method: "post", path: "/events/{eventId}/ticket-types", operationId: "createTicketType", tag: "Ticket types", summary: "Add a ticket type to an event",
    body: "CreateTicketTypeRequest", responses: { 201: ["TicketType", "The new ticket type."], ...create, 404: read[404] },
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
    method: "get", path: "/attendees", operationId: "listAttendees", tag: "Attendees", summary: "List attendees across events",
    query: ListAttendeesQuery, responses: { 200: ["AttendeeList", "A page of attendees."], ...list },
  },
  {
    method: "get", path: "/attendees/{attendeeId}", operationId: "getAttendee", tag: "Attendees", summary: "Get an attendee",
    responses: { 200: ["Attendee", "The attendee."], ...read },
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
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const parameters = [...pathParameters(op.path), ...(op.query ? queryParameters(op.query) : []), ...(op.body ? [idempotencyKeyParameter] : [])];
    const operation: JsonSchema = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${op.body}` } } } } }
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
        "Read an organization's events, ticket types, orders and attendees, create draft events and ticket types, and validate tickets at the door. " +
        "Authenticate with an organization API key (Settings → API keys) in the X-API-Key header or as Authorization: Bearer <key>. " +
        "Lists are paginated with ?limit= and ?cursor=, newest first. Creates accept an Idempotency-Key header.",
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
    ],
    paths,
    components: {
      securitySchemes: {
        ApiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "An organization API key (sbk_…)." },
        BearerAuth: { type: "http", scheme: "bearer", description: "The same API key as Authorization: Bearer sbk_…" },
      },
      schemas: { ...components(responseComponents, "output"), ...components(requestComponents, "input") },
    },
  };
}

let cached: JsonSchema | undefined;

/** Built once per process: the schemas do not change while it runs. */
export function openApiDocument(): JsonSchema {
  cached ??= buildOpenApiDocument();
  return cached;
}
