// POST /mp/collect and /debug/mp/collect. Collect answers 204 whatever it gets,
// as Google does, and keeps the hit with what validation would have said; the
// validation server answers 200 with validationMessages and keeps nothing.
import type { Ctx } from "../core/context";
import { record } from "../core/record";
import { sendEmpty, sendJson } from "../core/respond";
import { checkBody, checkQuery, type ValidationMessage } from "./payload";
import { GA4_STATE } from "./state";
import type { ValidationOutcome } from "../core/validation-outcome";

/** For the request log: checked with zod, and what was found. */
function outcome(messages: ValidationMessage[]): ValidationOutcome {
  return { checked: true, issues: messages.map((m) => ({ location: m.fieldPath === "measurement_id" ? "query" : "body", path: m.fieldPath, message: m.description, rule: m.validationCode })), notes: [] };
}

function judge(ctx: Ctx): { messages: ValidationMessage[]; body: ReturnType<typeof checkBody>["body"]; raw: unknown } {
  const measurementId = ctx.url.searchParams.get("measurement_id") ?? undefined;
  // Google reads the body as JSON whatever its content type says.
  let raw: unknown = ctx.body.kind === "json" ? ctx.body.value : undefined;
  if (raw === undefined && ctx.raw.length > 0) {
    try {
      raw = JSON.parse(ctx.raw.toString("utf8"));
    } catch {
      return { messages: [...checkQuery(measurementId), { fieldPath: "", description: "Unable to parse Measurement Protocol JSON payload.", validationCode: "VALUE_INVALID" }], body: null, raw: null };
    }
  }
  const checked = checkBody(raw ?? {});
  return { messages: [...checkQuery(measurementId), ...checked.messages], body: checked.body, raw };
}

export function handleCollect(ctx: Ctx): void {
  const { messages, body, raw } = judge(ctx);
  record(ctx, "collect", outcome(messages));
  const loose = (raw ?? {}) as { client_id?: unknown; events?: unknown };
  GA4_STATE.of(ctx.rt).hits.push({
    at: new Date(ctx.rt.clock.now()).toISOString(),
    measurementId: ctx.url.searchParams.get("measurement_id") ?? "",
    withSecret: Boolean(ctx.url.searchParams.get("api_secret")),
    clientId: body?.client_id ?? (typeof loose.client_id === "string" ? loose.client_id : null),
    events: (body?.events ?? (Array.isArray(loose.events) ? loose.events : [])) as Array<{ name: string; params: Record<string, unknown> }>,
    problems: messages,
  });
  sendEmpty(ctx, 204);
}

export function handleDebugCollect(ctx: Ctx): void {
  const { messages } = judge(ctx);
  record(ctx, "debug.collect", outcome(messages));
  GA4_STATE.of(ctx.rt).validations.push({ at: new Date(ctx.rt.clock.now()).toISOString(), measurementId: ctx.url.searchParams.get("measurement_id") ?? "", messages });
  sendJson(ctx, 200, { validationMessages: messages });
}
