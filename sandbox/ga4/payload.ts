// The Measurement Protocol request as Google's validation server judges it.
// Google publishes no machine-readable description of the protocol (nothing in
// ../shared/specs), so these zod schemas are written from its public reference
// (developers.google.com/analytics/devguides/collection/protocol/ga4/reference
// and the event and collection limits), and issues become validationMessages
// with Google's fieldPath and validationCode.
import { z } from "zod";

export interface ValidationMessage {
  fieldPath: string;
  description: string;
  validationCode: "VALUE_INVALID" | "VALUE_REQUIRED" | "NAME_INVALID" | "NAME_RESERVED" | "VALUE_OUT_OF_BOUNDS" | "EXCEEDED_MAX_ENTITIES" | "NAME_DUPLICATED";
}

export const MEASUREMENT_ID = /^G-[A-Z0-9]{4,16}$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const RESERVED_PREFIXES = ["_", "firebase_", "ga_", "google_", "gtag."];
const RESERVED_EVENTS = new Set([
  "ad_activeview", "ad_click", "ad_exposure", "ad_impression", "ad_query", "ad_reward", "adunit_exposure", "app_background", "app_clear_data", "app_exception",
  "app_install", "app_remove", "app_store_refund", "app_update", "app_upgrade", "dynamic_link_app_open", "dynamic_link_app_update", "dynamic_link_first_open",
  "error", "firebase_campaign", "first_open", "first_visit", "in_app_purchase", "notification_dismiss", "notification_foreground", "notification_open",
  "notification_receive", "os_update", "session_start", "session_start_with_rollout", "user_engagement",
]);
/** Events whose reference lists transaction_id as required. */
const NEEDS_TRANSACTION = new Set(["purchase", "refund"]);

const item = z
  .object({
    item_id: z.string().max(100).optional(),
    item_name: z.string().max(100).optional(),
    price: z.number().optional(),
    quantity: z.number().int().positive().optional(),
  })
  .catchall(z.unknown())
  .refine((i) => i.item_id !== undefined || i.item_name !== undefined, { message: "Either item_id or item_name is required.", params: { code: "VALUE_REQUIRED" } });

const paramValue = z.union([z.string().max(100), z.number(), z.boolean()]);
const params = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, "currency must be an ISO 4217 code of three capital letters.").optional(),
    value: z.number().optional(),
    transaction_id: z.string().min(1).max(100).optional(),
    items: z.array(item).max(200).optional(),
  })
  .catchall(z.union([paramValue, z.array(z.unknown()), z.record(z.string(), z.unknown())]))
  .refine((p) => Object.keys(p).length <= 25, { message: "An event takes at most 25 parameters.", params: { code: "EXCEEDED_MAX_ENTITIES" } });

const event = z
  .object({ name: z.string().max(40).regex(NAME, "Event names start with a letter and contain letters, digits and _."), params: params.optional() })
  .superRefine((e, ctx) => {
    // Also run beside other issues, as Google lists every problem at once; only the shape read here is required.
    if (typeof e.params !== "object" && e.params !== undefined) return;
    if (RESERVED_EVENTS.has(e.name) || RESERVED_PREFIXES.some((p) => e.name.startsWith(p))) {
      ctx.addIssue({ code: "custom", path: ["name"], message: `${e.name} is a reserved event name.`, params: { code: "NAME_RESERVED" } });
    }
    for (const key of Object.keys(e.params ?? {})) {
      if (key.length > 40 || !NAME.test(key)) ctx.addIssue({ code: "custom", path: ["params", key], message: `Parameter name ${key} is not valid.`, params: { code: "NAME_INVALID" } });
    }
    if (NEEDS_TRANSACTION.has(e.name) && !e.params?.transaction_id) {
      ctx.addIssue({ code: "custom", path: ["params", "transaction_id"], message: `transaction_id is required for ${e.name}.`, params: { code: "VALUE_REQUIRED" } });
    }
    if (e.params?.value !== undefined && e.params.currency === undefined) {
      ctx.addIssue({ code: "custom", path: ["params", "currency"], message: "currency is required when value is set.", params: { code: "VALUE_REQUIRED" } });
    }
  }, { when: (payload) => typeof (payload.value as { name?: unknown } | null)?.name === "string" });

const body = z
  .object({
    client_id: z.string().min(1),
    user_id: z.string().max(256).optional(),
    timestamp_micros: z.number().int().optional(),
    non_personalized_ads: z.boolean().optional(),
    user_properties: z.record(z.string(), z.unknown()).optional(),
    consent: z.record(z.string(), z.enum(["GRANTED", "DENIED"])).optional(),
    events: z.array(event).min(1).max(25),
  })
  .catchall(z.unknown());

export type MpBody = z.infer<typeof body>;

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), "");
}

/** Whether the body has anything at the issue's path (zod's issues do not carry the input). */
function present(input: unknown, path: readonly PropertyKey[]): boolean {
  let at: unknown = input;
  for (const key of path) {
    if (at === null || typeof at !== "object" || !(key in (at as object))) return false;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at !== undefined;
}

function codeOf(issue: z.core.$ZodIssue, input: unknown): ValidationMessage["validationCode"] {
  const custom = (issue as { params?: { code?: ValidationMessage["validationCode"] } }).params?.code;
  if (custom) return custom;
  if (issue.code === "invalid_type" && !present(input, issue.path)) return "VALUE_REQUIRED";
  if (issue.code === "too_big") return issue.origin === "array" ? "EXCEEDED_MAX_ENTITIES" : "VALUE_OUT_OF_BOUNDS";
  if (issue.code === "too_small") return issue.origin === "number" ? "VALUE_OUT_OF_BOUNDS" : "VALUE_REQUIRED";
  if (issue.code === "invalid_format" && issue.path.at(-1) === "name") return "NAME_INVALID";
  return "VALUE_INVALID";
}

/**
 * The query's ids: measurement_id names the web stream (the validation server
 * does not check api_secret, and neither does the sandbox). Any id of the right
 * shape is a stream, so each developer can use their own; one containing
 * "NOSTREAM" is a sandbox marker for an id that names no stream.
 */
export function checkQuery(measurementId: string | undefined): ValidationMessage[] {
  if (!measurementId) return [{ fieldPath: "measurement_id", description: "Measurement ID is required.", validationCode: "VALUE_REQUIRED" }];
  if (!MEASUREMENT_ID.test(measurementId)) return [{ fieldPath: "measurement_id", description: `Measurement ID ${measurementId} is not valid.`, validationCode: "VALUE_INVALID" }];
  if (measurementId.includes("NOSTREAM")) return [{ fieldPath: "measurement_id", description: `No web data stream has the measurement ID ${measurementId}.`, validationCode: "VALUE_INVALID" }];
  return [];
}

export function checkBody(input: unknown): { body: MpBody | null; messages: ValidationMessage[] } {
  const parsed = body.safeParse(input);
  if (parsed.success) return { body: parsed.data, messages: [] };
  return { body: null, messages: parsed.error.issues.map((i) => ({ fieldPath: fieldPath(i.path), description: i.message, validationCode: codeOf(i, input) })) };
}
