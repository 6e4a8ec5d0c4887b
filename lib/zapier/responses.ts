// How the Zapier routes answer: the JSON body is read raw (the idempotency hash
// needs the bytes), validation failures are 422 with field paths in the names the
// client sent (snake_case), and everything else goes through the app's mapping.
import { NextResponse } from "next/server";
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from "@/lib/domain/errors";
import { BODY_LIMITS, readBodyText } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/errors";

export class MalformedJson extends Error {}

/** The body as text and as parsed JSON; a body that is not a JSON object → MalformedJson, one too large → PayloadTooLargeError. */
export async function readRawJson(req: Request): Promise<{ raw: string; body: unknown }> {
  const raw = await readBodyText(req, BODY_LIMITS.api);
  let body: unknown;
  try {
    body = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch {
    throw new MalformedJson("The request body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new MalformedJson("The request body must be a JSON object");
  return { raw, body };
}

export function malformed(message: string): Response {
  return NextResponse.json({ error: "malformed_json", message, fields: { _body: [message] } }, { status: 400 });
}

/** Domain field names (camelCase) → the names Zapier sends. */
const FIELD_NAMES: Record<string, string> = {
  ticketTypeId: "ticket_type_id",
  eventId: "event_id",
  attendeeId: "attendee_id",
  startsAt: "starts_at",
  endsAt: "ends_at",
  timeZone: "time_zone",
};

export function renameFields(fields: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fields)) {
    const name = k.split(".").map((p) => FIELD_NAMES[p] ?? p).join(".");
    (out[name] ??= []).push(...v);
  }
  return out;
}

export function validationFailed(fields: FieldErrors, message = "Some fields need attention"): Response {
  return NextResponse.json({ error: "validation_failed", message, fields: renameFields(fields) }, { status: 422 });
}

export function parseZapier<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw ValidationError.fromZod(r.error);
  return r.data;
}

/** One error → one answer. Unknown errors become a 500 (which frees an idempotency key). */
export function zapierError(err: unknown): Response {
  if (err instanceof MalformedJson) return malformed(err.message);
  if (err instanceof ValidationError) return validationFailed(err.fieldErrors, err.message);
  if (err instanceof NotFoundError || err instanceof ConflictError) return errorResponse(err);
  return errorResponse(err);
}

export const uuidField = (what: string) => z.uuid(`Enter the ${what} id (a UUID, as the ${what} trigger or search gives it)`);
