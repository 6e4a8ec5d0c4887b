// One mapping from domain errors to what a person or API client sees.
import { NextResponse } from "next/server";
import { ForbiddenError } from "@/lib/auth/errors";
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from "@/lib/domain/errors";
import { log } from "@/lib/log";
import { RateLimitedError, tooManyRequests } from "@/lib/rate-limit/errors";
import { PayloadTooLargeError, readBodyText } from "./body";

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof ValidationError) {
    return NextResponse.json({ error: "validation_failed", message: err.message, fields: err.fieldErrors }, { status: 400 });
  }
  if (err instanceof NotFoundError) return NextResponse.json({ error: "not_found", message: err.message }, { status: 404 });
  if (err instanceof ConflictError) return NextResponse.json({ error: "conflict", message: err.message }, { status: 409 });
  if (err instanceof ForbiddenError) return NextResponse.json({ error: "forbidden", message: err.message }, { status: 403 });
  if (err instanceof RateLimitedError) return tooManyRequests(err) as NextResponse;
  if (err instanceof PayloadTooLargeError) return NextResponse.json({ error: "payload_too_large", message: err.message }, { status: 413 });
  log.error({ err }, "unhandled error in route");
  return NextResponse.json({ error: "internal", message: "Something went wrong on our side. Try again in a moment." }, { status: 500 });
}

/** Reads a JSON body of at most `maxBytes` (413 past that), answering a clear 400 when it is not JSON at all. */
export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const raw = await readBodyText(req, maxBytes);
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError({ _body: ["The request body must be a JSON object"] }, "The request body is not valid JSON");
  }
}

export interface FormState {
  ok: boolean;
  message?: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
}

export function formValues(fd: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of fd.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) values[k] = v;
  return values;
}

/** Turns a failed server action into form state that keeps what the user typed. */
export function formFailure(err: unknown, values: Record<string, string>): FormState {
  if (err instanceof ValidationError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors, values };
  if (err instanceof ConflictError || err instanceof NotFoundError || err instanceof ForbiddenError || err instanceof RateLimitedError) {
    return { ok: false, message: err.message, values };
  }
  log.error({ err }, "unhandled error in form action");
  return { ok: false, message: "Something went wrong on our side. Your input is kept; try again.", values };
}
