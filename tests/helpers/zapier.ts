// Calling the Zapier routes as Zapier does: a Request with X-API-Key, handed to
// the route handler the app router would call.
import { createApiKey } from "../../lib/api-keys/service";
import type { Db } from "../../lib/db/client";

export async function makeApiKey(db: Db, orgId: string, name = "Zapier") {
  return createApiKey(db, orgId, null, { name });
}

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  raw?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export function call<P extends object>(handler: Handler<P>, method: string, path: string, params: P, o: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.key) headers["x-api-key"] = o.key;
  if (o.idempotencyKey) headers["idempotency-key"] = o.idempotencyKey;
  let body: string | undefined;
  if (o.raw !== undefined) body = o.raw;
  else if (o.body !== undefined) body = JSON.stringify(o.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  return handler(new Request(`http://localhost${path}`, { method, headers, body }), { params: Promise.resolve(params) });
}
