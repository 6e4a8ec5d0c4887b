// What every /api/v1 route shares: the key check, error answers, body and query
// parsing, and idempotent creates. Routes stay one line each; the resources in
// lib/api/<resource>.ts do the work.
import { NextResponse } from "next/server";
import type { z } from "zod";
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from "@/lib/domain/errors";
import { withApiKey, type ApiContext } from "@/lib/http/api-auth";
import { BODY_LIMITS, PayloadTooLargeError, readBodyText } from "@/lib/http/body";
import { idempotent } from "@/lib/http/idempotency";
import { log } from "@/lib/log";
import { RateLimitedError, tooManyRequests } from "@/lib/rate-limit/errors";

export type { ApiContext };

/** The body is not JSON at all (400), as opposed to JSON that fails validation (422). */
export class MalformedJsonError extends Error {
  constructor() {
    super("The request body is not valid JSON.");
    this.name = "MalformedJsonError";
  }
}

/** A provider the request needed (a payment gateway) failed or refused: 502, and the key is freed for a retry. */
export class UpstreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpstreamError";
  }
}

const noStore = { "Cache-Control": "no-store" };

export function apiJson(body: unknown, status = 200): Response {
  return NextResponse.json(body, { status, headers: noStore });
}

/** Domain and API errors → the documented answers: 400, 404, 409, 413, 422, 429, 502, and 500 for anything else. */
export function apiErrorResponse(err: unknown): Response {
  if (err instanceof RateLimitedError) return tooManyRequests(err);
  if (err instanceof MalformedJsonError) return apiJson({ error: "malformed_json", message: err.message }, 400);
  if (err instanceof PayloadTooLargeError) return apiJson({ error: "payload_too_large", message: err.message }, 413);
  if (err instanceof ValidationError) {
    return apiJson({ error: "validation_failed", message: err.message, fields: err.fieldErrors }, 422);
  }
  if (err instanceof NotFoundError) return apiJson({ error: "not_found", message: err.message }, 404);
  if (err instanceof ConflictError) return apiJson({ error: "conflict", message: err.message }, 409);
  if (err instanceof UpstreamError) return apiJson({ error: "provider_error", message: err.message }, 502);
  log.error({ err }, "unhandled error in /api/v1");
  return apiJson({ error: "internal", message: "Something went wrong on our side. Try again in a moment." }, 500);
}

/** zod issues → field messages keyed by path; an unknown key is named as its own field. */
export function fieldErrorsFromZod(error: z.ZodError, root = "_body"): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) (fields[[...issue.path, k].join(".")] ??= []).push("This field is not part of the request");
      continue;
    }
    const key = issue.path.length ? issue.path.join(".") : root;
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

export function parseOr422<S extends z.ZodType>(schema: S, input: unknown, root = "_body"): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrorsFromZod(result.error, root));
  return result.data;
}

export function parseJsonBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new MalformedJsonError();
  }
}

/** Query parameters as an object (the first value of a repeated name), validated by schema. */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params: Record<string, string> = {};
  for (const [k, v] of new URL(req.url).searchParams) if (!(k in params)) params[k] = v;
  return parseOr422(schema, params, "_query");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing: 404, as an unknown one would. */
export function requireId(id: string, what: string): string {
  if (!UUID.test(id)) throw new NotFoundError(what);
  return id;
}

/** A read: key checked, handler's result answered as 200 JSON, errors mapped. */
export function apiGet<P = Record<string, never>>(handler: (req: Request, api: ApiContext, params: P) => Promise<unknown>) {
  return withApiKey<P>(async (req, api, ctx) => {
    try {
      return apiJson(await handler(req, api, await ctx.params));
    } catch (err) {
      return apiErrorResponse(err);
    }
  });
}

/**
 * A create: key checked, the JSON body parsed (400 when it is not JSON), the
 * handler's result answered as 201, and the whole answer stored under the
 * request's Idempotency-Key so a repeat gets it again instead of a second row.
 */
export function apiCreate<P = Record<string, never>>(handler: (body: unknown, api: ApiContext, params: P) => Promise<unknown>) {
  return apiAction(handler, 201);
}

/**
 * A write that changes state without creating a resource (a POST action, a
 * PATCH), idempotent like apiCreate and answered 200 unless told otherwise.
 * `emptyBody`: what an empty body stands for, for actions whose body is optional;
 * without it an empty body is not JSON (400).
 */
export function apiAction<P = Record<string, never>>(
  handler: (body: unknown, api: ApiContext, params: P) => Promise<unknown>,
  status = 200,
  emptyBody?: unknown,
) {
  return withApiKey<P>(async (req, api, ctx) => {
    let raw: string;
    let params: P;
    try {
      raw = await readBodyText(req, BODY_LIMITS.api);
      params = await ctx.params;
    } catch (err) {
      return apiErrorResponse(err);
    }
    try {
      return await idempotent(req, api, raw, async () => {
        try {
          const body = emptyBody !== undefined && raw.trim() === "" ? emptyBody : parseJsonBody(raw);
          return apiJson(await handler(body, api, params), status);
        } catch (err) {
          return apiErrorResponse(err);
        }
      });
    } catch (err) {
      // The idempotency bookkeeping itself failed (its key is released): a 500 the client may retry.
      return apiErrorResponse(err);
    }
  });
}

/** An action whose body is optional: no body is the same as {}. */
export function apiCommand<P = Record<string, never>>(handler: (body: unknown, api: ApiContext, params: P) => Promise<unknown>, status = 200) {
  return apiAction(handler, status, {});
}
