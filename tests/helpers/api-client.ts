// Calling /api/v1 route handlers as Next would (a Request and the route's params),
// with an organization's API key, for the API's integration tests.
import { expect } from "vitest";
import type { z } from "zod";
import { createApiKey } from "../../lib/api-keys/service";
import type { Db } from "../../lib/db/client";
import { makeOrg } from "./fixtures";

export type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

export interface CallOptions {
  key?: string | null;
  bearer?: boolean;
  /** GET without a body, POST with one, unless told. */
  method?: "GET" | "POST" | "PATCH";
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  idempotencyKey?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(handler: Handler, path: string, params: Record<string, string>, o: CallOptions = {}): Promise<CallResult> {
  const url = new URL(`http://localhost/api/v1${path}`);
  for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers();
  if (o.key) headers.set(o.bearer ? "authorization" : "x-api-key", o.bearer ? `Bearer ${o.key}` : o.key);
  if (o.idempotencyKey) headers.set("idempotency-key", o.idempotencyKey);
  const hasBody = o.body !== undefined || o.rawBody !== undefined;
  if (hasBody) headers.set("content-type", "application/json");
  const req = new Request(url, {
    method: o.method ?? (hasBody ? "POST" : "GET"),
    headers,
    body: hasBody ? (o.rawBody ?? JSON.stringify(o.body)) : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

export function parsed<S extends z.ZodType>(schema: S, res: { status: number; body: unknown }, status = 200): z.output<S> {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return schema.parse(res.body);
}

export async function orgWithKey(db: Db, name = "API Org") {
  const org = await makeOrg(db, name);
  const { key, id } = await createApiKey(db, org.id, null, { name: "test" });
  return { orgId: org.id, key, keyId: id };
}
