// Request bodies as the providers receive them: JSON, form-encoded, or neither.
// Parsing never throws; a malformed body is a value the provider answers in its own way.
import type { IncomingMessage } from "node:http";

export type FormFields = Record<string, string | string[]>;

export type ParsedBody =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "form"; value: FormFields }
  | { kind: "invalid"; contentType: string; reason: string }
  | { kind: "other"; contentType: string };

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) throw new BodyTooLarge(`body larger than ${limitBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Repeated keys become arrays, as a server framework would hand them over. */
export function parseForm(text: string): FormFields {
  const out: FormFields = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

export function parseBody(raw: Buffer, contentTypeHeader: string | undefined): ParsedBody {
  if (raw.length === 0) return { kind: "none" };
  const contentType = (contentTypeHeader ?? "").split(";")[0]!.trim().toLowerCase();
  const text = raw.toString("utf8");
  if (contentType === "application/json" || contentType.endsWith("+json")) {
    try {
      return { kind: "json", value: JSON.parse(text) as unknown };
    } catch (err) {
      return { kind: "invalid", contentType, reason: (err as Error).message };
    }
  }
  if (contentType === "application/x-www-form-urlencoded") return { kind: "form", value: parseForm(text) };
  return { kind: "other", contentType };
}

/** A loggable view of the body: parsed where possible, else a short description. */
export function bodyForLog(body: ParsedBody, raw: Buffer): unknown {
  switch (body.kind) {
    case "none":
      return null;
    case "json":
    case "form":
      return body.value;
    case "invalid":
      return { unparsed: raw.toString("utf8").slice(0, 2000), error: body.reason };
    case "other":
      return { contentType: body.contentType, bytes: raw.length };
  }
}
