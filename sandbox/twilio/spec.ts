import { specSource } from "../core/spec-source";
import { createFormSpec } from "../validation/openapi3-form";

/**
 * The 2010 API's paths end in ".json" right after a parameter ("/Messages/{Sid}.json"),
 * which path templates do not split; the spec is read without the suffix and
 * requests are looked up without it (jsonless()).
 */
function dropJsonSuffix(doc: Record<string, unknown>): void {
  const paths = doc.paths as Record<string, unknown>;
  doc.paths = Object.fromEntries(Object.entries(paths).map(([k, v]) => [k.replace(/\.json$/, ""), v]));
}

/**
 * Twilio's parameters name their enums by $ref ("#/components/schemas/message_enum_schedule_type"),
 * which the form validator does not follow; they are put in place, so enums are checked.
 */
function inlineRefs(doc: Record<string, unknown>): void {
  const resolve = (ref: string): unknown =>
    ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
  const walk = (node: unknown, depth: number): unknown => {
    if (depth > 8 || typeof node !== "object" || node === null) return node;
    if (Array.isArray(node)) return node.map((n) => walk(n, depth + 1));
    const obj = node as Record<string, unknown>;
    if (typeof obj.$ref === "string" && obj.$ref.startsWith("#/components/schemas/")) return walk(resolve(obj.$ref), depth + 1);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v, depth + 1)]));
  };
  doc.paths = walk(doc.paths, 0);
}

function patchTwilioSpec(doc: Record<string, unknown>): void {
  dropJsonSuffix(doc);
  inlineRefs(doc);
}

export function jsonless(path: string): string {
  return path.replace(/\.json$/, "");
}

/** The 2010-04-01 REST API (api.twilio.com): accounts, messages, phone numbers. */
export const TWILIO_API_SPEC = specSource(["twilio/twilio_api_v2010.json"], ([doc]) => createFormSpec(doc, patchTwilioSpec));
/** Messaging v1 (messaging.twilio.com): Messaging Services. */
export const TWILIO_MESSAGING_SPEC = specSource(["twilio/twilio_messaging_v1.json"], ([doc]) => createFormSpec(doc, inlineRefs));
