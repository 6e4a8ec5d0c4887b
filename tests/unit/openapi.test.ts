// The /api/v1 OpenAPI document: every route file is in it with each method it
// exports, it has the shape of an OpenAPI 3.1 document, every schema in it is
// valid JSON Schema 2020-12, and every $ref resolves.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { ErrorSchema, EventSchema } from "@/lib/api/schemas";
import { domainEventTypes } from "@/lib/domain/outbox/catalog";
import { eventTypeCatalog } from "@/lib/webhooks/outbound/catalog";

type Json = Record<string, any>;
const doc = buildOpenApiDocument() as Json;
const V1 = path.resolve("app/api/v1");
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name === "route.ts" ? [p] : [];
  });
}

/** app/api/v1/events/[eventId]/route.ts → /events/{eventId} (the server URL is /api/v1). */
function openApiPath(file: string): string {
  const rel = path.relative(V1, path.dirname(file)).split(path.sep).join("/");
  return "/" + rel.replace(/\[(\w+)\]/g, "{$1}");
}

function exportedMethods(file: string): string[] {
  const src = readFileSync(file, "utf8");
  return [...src.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!.toLowerCase());
}

/** Enough of the OpenAPI 3.1 schema (spec.openapis.org/oas/3.1/schema) to catch a malformed document. */
const openApi31 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["openapi", "info", "paths", "components"],
  properties: {
    openapi: { type: "string", pattern: "^3\\.1\\.\\d+$" },
    info: { type: "object", required: ["title", "version"], properties: { title: { type: "string" }, version: { type: "string" } } },
    jsonSchemaDialect: { type: "string" },
    servers: { type: "array", items: { type: "object", required: ["url"], properties: { url: { type: "string" } } } },
    security: { $ref: "#/$defs/security" },
    tags: { type: "array", items: { type: "object", required: ["name"] } },
    paths: {
      type: "object",
      propertyNames: { pattern: "^/" },
      additionalProperties: {
        type: "object",
        propertyNames: { enum: [...METHODS, "summary", "description", "parameters", "servers"] },
        additionalProperties: { $ref: "#/$defs/operation" },
      },
    },
    webhooks: {
      type: "object",
      additionalProperties: {
        type: "object",
        propertyNames: { enum: [...METHODS, "summary", "description", "parameters"] },
        additionalProperties: { $ref: "#/$defs/operation" },
      },
    },
    components: {
      type: "object",
      required: ["securitySchemes", "schemas"],
      properties: {
        schemas: { type: "object", additionalProperties: { type: ["object", "boolean"] } },
        securitySchemes: {
          type: "object",
          additionalProperties: {
            type: "object",
            required: ["type"],
            properties: { type: { enum: ["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"] } },
            allOf: [
              { if: { properties: { type: { const: "apiKey" } } }, then: { required: ["name", "in"], properties: { in: { enum: ["query", "header", "cookie"] } } } },
              { if: { properties: { type: { const: "http" } } }, then: { required: ["scheme"] } },
            ],
          },
        },
      },
    },
  },
  $defs: {
    security: { type: "array", items: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } } },
    operation: {
      type: "object",
      required: ["responses", "operationId"],
      properties: {
        operationId: { type: "string" },
        summary: { type: "string" },
        tags: { type: "array", items: { type: "string" } },
        security: { $ref: "#/$defs/security" },
        parameters: {
          type: "array",
          items: {
            type: "object",
            required: ["name", "in", "schema"],
            properties: { name: { type: "string" }, in: { enum: ["query", "header", "path", "cookie"] }, required: { type: "boolean" } },
            if: { properties: { in: { const: "path" } } },
            then: { required: ["required"], properties: { required: { const: true } } },
          },
        },
        requestBody: { type: "object", required: ["content"], properties: { content: { $ref: "#/$defs/content" } } },
        responses: {
          type: "object",
          minProperties: 1,
          propertyNames: { pattern: "^([1-5]\\d\\d|[1-5]XX|default)$" },
          additionalProperties: { type: "object", required: ["description"], properties: { content: { $ref: "#/$defs/content" } } },
        },
      },
    },
    content: { type: "object", additionalProperties: { type: "object", required: ["schema"] } },
  },
};

function ajv() {
  return new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
}

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe("the /api/v1 OpenAPI document", () => {
  const files = routeFiles(V1);

  it("lists every route file under app/api/v1 with each method it exports", () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const p = openApiPath(file);
      const methods = exportedMethods(file);
      expect(methods.length, `${file} exports no handler`).toBeGreaterThan(0);
      expect(doc.paths[p], `${p} (${file}) is missing from the document`).toBeDefined();
      for (const m of methods) expect(doc.paths[p][m], `${m.toUpperCase()} ${p} is missing`).toBeDefined();
      // And nothing in the document that the route does not serve.
      const documented = Object.keys(doc.paths[p]).filter((k) => METHODS.includes(k));
      expect(documented.sort()).toEqual([...methods].sort());
    }
  });

  it("documents no path without a route file", () => {
    const served = new Set(files.map(openApiPath));
    for (const p of Object.keys(doc.paths)) expect(served.has(p), `${p} has no route file`).toBe(true);
  });

  it("has the structure of an OpenAPI 3.1 document", () => {
    const validate = ajv().compile(openApi31);
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("declares every path parameter, with unique operation ids", () => {
    const ids = new Set<string>();
    for (const [p, item] of Object.entries<Json>(doc.paths)) {
      const templated = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const m of METHODS.filter((x) => item[x])) {
        const op = item[m];
        expect(ids.has(op.operationId), `duplicate operationId ${op.operationId}`).toBe(false);
        ids.add(op.operationId);
        const declared = (op.parameters ?? []).filter((x: Json) => x.in === "path").map((x: Json) => x.name).sort();
        expect(declared, `${m.toUpperCase()} ${p}`).toEqual(templated);
      }
    }
  });

  it("has valid JSON Schema 2020-12 schemas whose every $ref resolves", () => {
    const a = ajv();
    for (const [name, schema] of Object.entries<Json>(doc.components.schemas)) {
      expect(a.validateSchema(schema), `${name}: ${a.errorsText(a.errors)}`).toBe(true);
    }
    for (const ref of refsIn(doc)) {
      const m = /^#\/components\/schemas\/(\w+)$/.exec(ref);
      expect(m, `unexpected $ref ${ref}`).not.toBeNull();
      expect(doc.components.schemas[m![1]!], `${ref} does not resolve`).toBeDefined();
    }
  });

  it("describes the API key security scheme (X-API-Key, or Bearer) and leaves the document itself public", () => {
    expect(doc.components.securitySchemes.ApiKey).toMatchObject({ type: "apiKey", in: "header", name: "X-API-Key" });
    expect(doc.components.securitySchemes.BearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ ApiKey: [] }, { BearerAuth: [] }]);
    expect(doc.paths["/openapi.json"].get.security).toEqual([]);
    expect(doc.paths["/events"].get.security).toBeUndefined();
  });

  it("documents pagination, filters, request bodies, idempotency and errors", () => {
    const names = (op: Json) => op.parameters.map((x: Json) => x.name);
    expect(names(doc.paths["/events"].get)).toEqual(expect.arrayContaining(["limit", "cursor", "status"]));
    expect(names(doc.paths["/orders"].get)).toEqual(expect.arrayContaining(["limit", "cursor", "eventId", "status"]));
    const limit = doc.paths["/events"].get.parameters.find((x: Json) => x.name === "limit");
    expect(limit.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 25 });
    const create = doc.paths["/events"].post;
    expect(create.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/CreateEventRequest" });
    expect(names(create)).toContain("Idempotency-Key");
    expect(Object.keys(create.responses).sort()).toEqual(["201", "400", "401", "409", "422"]);
    expect(doc.components.schemas.CreateEventRequest.required).toEqual(expect.arrayContaining(["title", "startsAt", "endsAt", "timeZone", "capacity"]));
    expect(doc.paths["/orders/{orderId}"].get.responses["404"]).toBeDefined();
  });

  it("matches what the zod schemas accept: a response validates against its component", () => {
    const a = ajv();
    a.addSchema({ $id: "https://switchboard.invalid/openapi.json", ...doc });
    const event = EventSchema.parse({
      id: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
      slug: "talks-abc123",
      title: "Talks",
      description: "",
      venue: "",
      startsAt: "2030-06-01T07:00:00.000Z",
      endsAt: "2030-06-01T15:00:00.000Z",
      timeZone: "Europe/Zurich",
      capacity: 10,
      status: "draft",
      url: "http://localhost:3000/e/talks-abc123",
      publishedAt: null,
      cancelledAt: null,
      createdAt: "2030-01-01T00:00:00.000Z",
      updatedAt: "2030-01-01T00:00:00.000Z",
    });
    const list = a.getSchema("https://switchboard.invalid/openapi.json#/components/schemas/EventList")!;
    expect(list({ data: [event], next_cursor: null })).toBe(true);
    expect(list({ data: [{ ...event, capacity: "ten" }], next_cursor: null })).toBe(false);
    const error = a.getSchema("https://switchboard.invalid/openapi.json#/components/schemas/Error")!;
    expect(error(ErrorSchema.parse({ error: "validation_failed", message: "x", fields: { title: ["Give the event a title"] } }))).toBe(true);
  });

  it("publishes the outbound webhook catalog: every event type we send, with a body schema that takes its example", () => {
    const a = ajv();
    a.addSchema({ $id: "https://switchboard.invalid/openapi.json", ...doc });
    const catalog = eventTypeCatalog();
    expect(Object.keys(doc.webhooks).sort()).toEqual(catalog.map((e) => e.type).sort());
    for (const type of domainEventTypes) expect(doc.webhooks[type], `${type} is not in webhooks`).toBeDefined();
    for (const entry of catalog) {
      const post = doc.webhooks[entry.type].post;
      expect(post.summary).toBe(entry.description);
      expect(post.parameters.map((p: Json) => p.name)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
      const content = post.requestBody.content["application/json"];
      expect(content.example).toEqual(entry.example);
      const validate = a.getSchema(`https://switchboard.invalid/openapi.json${content.schema.$ref}`)!;
      expect(validate(entry.example), `${entry.type}: ${a.errorsText(validate.errors)}`).toBe(true);
      // A body of another type is not one of these.
      expect(validate({ ...(entry.example as Json), type: "something.else" })).toBe(false);
    }
    // Receivers must accept fields added within a version.
    const transferred = a.getSchema("https://switchboard.invalid/openapi.json#/components/schemas/TicketTransferredWebhook")!;
    const example = catalog.find((e) => e.type === "ticket.transferred")!.example as Json;
    expect(transferred({ ...example, data: { ...example.data, to: { ...example.data.to, futureField: 1 } } })).toBe(true);
    expect(transferred({ ...example, data: { ...example.data, to: undefined } })).toBe(false);
  });

  it("documents the writes: PATCH bodies, optional bodies of actions, and their error answers", () => {
    const patch = doc.paths["/events/{eventId}"].patch;
    expect(patch.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/UpdateEventRequest" });
    expect(Object.keys(patch.responses).sort()).toEqual(["200", "400", "401", "404", "409", "422"]);
    expect(doc.components.schemas.UpdateEventRequest.required ?? []).toEqual([]);
    expect(doc.components.schemas.UpdateEventRequest.additionalProperties).toBe(false);
    expect(doc.paths["/attendees/{attendeeId}/check-in"].post.requestBody.required).toBe(false);
    expect(doc.paths["/attendees/{attendeeId}/transfer"].post.requestBody.required).toBe(true);
    expect(doc.paths["/attendees/{attendeeId}/transfer"].post.responses["201"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/TicketTransfer" });
    expect(Object.keys(doc.paths["/orders/{orderId}/refunds"].post.responses)).toEqual(expect.arrayContaining(["202", "409", "502"]));
    for (const [p, item] of Object.entries<Json>(doc.paths)) {
      for (const m of ["post", "patch"].filter((x) => item[x])) {
        const names = (item[m].parameters ?? []).map((x: Json) => x.name);
        expect(names, `${m.toUpperCase()} ${p} takes an Idempotency-Key`).toContain("Idempotency-Key");
      }
    }
  });
});
