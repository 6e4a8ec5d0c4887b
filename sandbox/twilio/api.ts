// One Twilio API request: find the operation, authenticate, check the parameters
// against Twilio's spec, run it, answer in Twilio's shape.
import type { Ctx } from "../core/context";
import { compileTemplate, type PathMatcher } from "../core/path-template";
import { record } from "../core/record";
import { NOT_CHECKED } from "../core/validation-outcome";
import { decodeDeepObject } from "../validation/deep-object";
import type { FormFields } from "../core/body";
import { authenticate, isAnswer } from "./auth";
import { notFound, send, twilioError, type TwilioAnswer } from "./errors";
import { createMessage, fetchMessage, listMessages } from "./messages";
import { createCall, fetchCall } from "./calls";
import { handleContent } from "./content";
import { jsonless, TWILIO_API_SPEC, TWILIO_MESSAGING_SPEC } from "./spec";
import type { Run } from "./call";
import { TWILIO_STATE } from "./state";
import { accountView, numberView, page2010, serviceView } from "./views";


interface Route {
  method: string;
  /** Without the ".json" suffix, as the spec is read (spec.ts). */
  template: string;
  match: PathMatcher;
  messaging: boolean;
  run: Run;
}

const ok = (body: unknown, status = 200): TwilioAnswer => ({ status, body });

function pageArgs(params: Record<string, string>): { size: number; page: number } {
  const size = Math.min(Math.max(Number(params.PageSize ?? 50) || 50, 1), 1000);
  return { size, page: Math.max(Number(params.Page ?? 0) || 0, 0) };
}

const fetchAccount: Run = ({ account }) => ok(accountView(account));

const listNumbers: Run = ({ account, params }) => {
  const { size, page } = pageArgs(params);
  const items = account.numbers.filter((n) => !params.PhoneNumber || n.phoneNumber.includes(params.PhoneNumber)).map((n) => numberView(account.sid, n));
  return ok(page2010("incoming_phone_numbers", `/2010-04-01/Accounts/${account.sid}/IncomingPhoneNumbers.json`, items, size, page));
};

const updateNumber: Run = ({ account, params, pathParams }) => {
  const n = account.numbers.find((x) => x.sid === pathParams.Sid);
  if (!n) return notFound(`/2010-04-01/Accounts/${account.sid}/IncomingPhoneNumbers/${pathParams.Sid}.json`);
  if (params.SmsUrl !== undefined) n.smsUrl = params.SmsUrl || null;
  if (params.FriendlyName) n.friendlyName = params.FriendlyName;
  return ok(numberView(account.sid, n));
};

const listServices: Run = ({ ctx, account, params }) => {
  const { size, page } = pageArgs(params);
  const base = `${ctx.rt.url}/twilio/messaging`;
  const items = account.services.map((s) => serviceView(account.sid, s, base));
  const slice = items.slice(page * size, page * size + size);
  const at = (n: number) => `${base}/v1/Services?PageSize=${size}&Page=${n}`;
  return ok({
    services: slice,
    meta: { page, page_size: size, first_page_url: at(0), previous_page_url: page > 0 ? at(page - 1) : null, next_page_url: (page + 1) * size < items.length ? at(page + 1) : null, url: at(page), key: "services" },
  });
};

const V2010 = "/2010-04-01/Accounts";
const route = (method: string, template: string, run: Run, messaging = false): Route => ({ method, template, match: compileTemplate(template), messaging, run });

const ROUTES: Route[] = [
  route("GET", `${V2010}/{Sid}`, fetchAccount),
  route("POST", `${V2010}/{AccountSid}/Messages`, createMessage),
  route("GET", `${V2010}/{AccountSid}/Messages`, listMessages),
  route("GET", `${V2010}/{AccountSid}/Messages/{Sid}`, fetchMessage),
  route("POST", `${V2010}/{AccountSid}/Calls`, createCall),
  route("GET", `${V2010}/{AccountSid}/Calls/{Sid}`, fetchCall),
  route("GET", `${V2010}/{AccountSid}/IncomingPhoneNumbers`, listNumbers),
  route("POST", `${V2010}/{AccountSid}/IncomingPhoneNumbers/{Sid}`, updateNumber),
  route("GET", "/v1/Services", listServices, true),
];

/** What is emulated, so a test can hold it to the spec's paths and methods. */
export const EMULATED_TWILIO_OPERATIONS = ROUTES.map(({ method, template, messaging }) => ({ method, template, messaging }));

function flatten(fields: FormFields): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? "") : v]));
}

/** Twilio's codes for the parameter mistakes it names; the rest are a generic invalid parameter. */
function codeFor(path: string, rule: string): number {
  if (rule === "required" && path === "To") return 21604;
  if (path === "To") return 21211;
  return 21100;
}

export async function handleApi(ctx: Ctx): Promise<void> {
  if (ctx.subpath.startsWith("/content/")) return handleContent(ctx);
  const messaging = ctx.subpath.startsWith("/messaging/");
  const path = messaging ? ctx.subpath.slice("/messaging".length) : jsonless(ctx.subpath);
  const spec = await ctx.rt.specs.load(messaging ? TWILIO_MESSAGING_SPEC : TWILIO_API_SPEC);
  const op = spec?.operation(ctx.method, path);
  const found = ROUTES.map((r) => ({ r, params: r.method === ctx.method && r.messaging === messaging ? r.match(path) : null })).find((x) => x.params !== null);
  if (!found) {
    record(ctx, op ? `twilio ${op.id}` : null, op ? { ...NOT_CHECKED, notes: ["in Twilio's spec, but not emulated by the sandbox"] } : undefined);
    return send(ctx, notFound(ctx.subpath));
  }
  const operation = `twilio ${op?.id ?? `${ctx.method} ${found.r.template}`}`;
  record(ctx, operation);

  const state = TWILIO_STATE.of(ctx.rt);
  const pathAccount = found.params!.AccountSid ?? (found.r.template === `${V2010}/{Sid}` ? found.params!.Sid! : null);
  const account = authenticate(ctx, state, pathAccount, ctx.rt.clock.now());
  if (isAnswer(account)) return send(ctx, account);

  if (ctx.method === "POST" && ctx.body.kind !== "form" && ctx.body.kind !== "none") {
    return send(ctx, twilioError(400, 21100, "Requests must be application/x-www-form-urlencoded"));
  }
  const fields: FormFields = ctx.method === "POST" && ctx.body.kind === "form" ? ctx.body.value : ctx.query;
  if (spec && op) {
    const decoded = decodeDeepObject(fields);
    const outcome = spec.validate(op, ctx.method === "POST" ? { query: {}, body: decoded } : { query: decoded, body: {} });
    record(ctx, operation, outcome);
    const first = outcome.issues[0];
    if (first) return send(ctx, twilioError(400, codeFor(first.path, first.rule), first.message));
  }
  send(ctx, found.r.run({ ctx, state, account, params: flatten(fields), fields, pathParams: found.params! }));
}
