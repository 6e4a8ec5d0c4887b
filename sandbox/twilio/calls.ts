// Calls: create (checked for what Twilio refuses beyond the spec: a caller that is
// this account's number, a real E.164 number to call, TwiML or a URL, TwiML that
// parses), fetch; then the call's progress, each requested step posted signed to
// its StatusCallback: initiated, ringing, answered (in-progress), completed, or
// busy / no-answer / failed when a control call said so for the next call.
import type { Runtime } from "../core/context";
import type { TwilioCall } from "./call";
import { notFound, twilioError, type TwilioAnswer } from "./errors";
import { twilioSid } from "./ids";
import { postSigned } from "./lifecycle";
import type { CallStatus, TwilioState, TwilioVoiceCall } from "./state";
import { callView } from "./views";

const E164 = /^\+[1-9]\d{6,14}$/;
const EVENTS = new Set(["initiated", "ringing", "answered", "completed"]);
/** How long an answered sandbox call lasts. */
const ANSWERED_SECONDS = 14;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const unescapeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);

/** The text of each <Say> in a <Response>, or null when it is not TwiML Twilio would parse. */
export function parseTwiml(twiml: string): Array<{ language: string | null; text: string }> | null {
  const body = twiml.replace(/^\s*<\?xml[^>]*\?>\s*/, "").trim();
  if (!/^<Response(\s[^>]*)?>[\s\S]*<\/Response>$/.test(body) && !/^<Response(\s[^>]*)?\/>$/.test(body)) return null;
  // A raw "<" or "&" in text would break the document: the SDK's builder escapes them, hand-made strings often do not.
  const text = body.replace(/<[^>]*>/g, "");
  if (/[<>]/.test(text) || /&(?!(amp|lt|gt|quot|apos);)/.test(text)) return null;
  return [...body.matchAll(/<Say(\s[^>]*)?>([\s\S]*?)<\/Say>/g)].map((m) => ({ language: /language="([^"]+)"/.exec(m[1] ?? "")?.[1] ?? null, text: unescapeXml(m[2]!) }));
}

export function createCall(call: TwilioCall): TwilioAnswer {
  const { account, params, fields, state, ctx } = call;
  const to = params.To!;
  const from = params.From!;
  if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!account.numbers.some((n) => n.phoneNumber === from)) return twilioError(400, 21210, `The source phone number provided, ${from}, is not yet verified for your account.`);
  if (!params.Twiml && !params.Url && !params.ApplicationSid) return twilioError(400, 21205, "A 'Url', 'ApplicationSid' or 'Twiml' parameter is required.");
  const spoken = params.Twiml ? parseTwiml(params.Twiml) : [];
  if (spoken === null) return twilioError(400, 12100, "Document parse failure: the Twiml parameter is not a well-formed <Response> document.");
  const requested = fields.StatusCallbackEvent;
  const events = (Array.isArray(requested) ? requested : requested ? [requested] : ["completed"]).flatMap((e) => e.split(" "));
  const unknown = events.find((e) => !EVENTS.has(e));
  if (unknown) return twilioError(400, 21626, `StatusCallbackEvent ${unknown} is not one of initiated, ringing, answered, completed.`);
  const now = ctx.rt.clock.now();
  const c: TwilioVoiceCall = {
    sid: twilioSid("CA"),
    accountSid: account.sid,
    from,
    to,
    twiml: params.Twiml ?? "",
    spoken,
    status: "queued",
    duration: null,
    statusCallback: params.StatusCallback || null,
    statusCallbackEvents: events,
    createdAt: now,
    updatedAt: now,
  };
  state.calls.set(c.sid, c);
  const view = callView(c);
  progress(ctx.rt, state, c);
  return { status: 201, body: view };
}

export function fetchCall({ account, state, pathParams }: TwilioCall): TwilioAnswer {
  const c = state.calls.get(pathParams.Sid!);
  if (!c || c.accountSid !== account.sid) return notFound(`/2010-04-01/Accounts/${account.sid}/Calls/${pathParams.Sid}.json`);
  return { status: 200, body: callView(c) };
}

export function callbackParamsOf(c: TwilioVoiceCall, sequence: number, nowMs: number): Record<string, string> {
  const p: Record<string, string> = {
    AccountSid: c.accountSid,
    ApiVersion: "2010-04-01",
    CallSid: c.sid,
    CallStatus: c.status,
    Called: c.to,
    Caller: c.from,
    CallbackSource: "call-progress-events",
    Direction: "outbound-api",
    From: c.from,
    SequenceNumber: String(sequence),
    Timestamp: new Date(nowMs).toUTCString().replace("GMT", "+0000"),
    To: c.to,
  };
  if (c.duration !== null) {
    p.CallDuration = String(c.duration);
    p.Duration = String(Math.ceil(c.duration / 60));
  }
  return p;
}

const EVENT_OF: Record<CallStatus, string> = { queued: "", initiated: "initiated", ringing: "ringing", "in-progress": "answered", completed: "completed", busy: "completed", "no-answer": "completed", failed: "completed", canceled: "completed" };

/** Runs the call to its end, after the create call has answered. */
function progress(rt: Runtime, state: TwilioState, c: TwilioVoiceCall): void {
  const at = state.callFaults.findIndex((f) => f.to === null || f.to === c.to);
  const fault = at >= 0 ? state.callFaults.splice(at, 1)[0]! : null;
  let sequence = 0;
  const step = async (status: CallStatus, duration: number | null = null) => {
    c.status = status;
    c.duration = duration;
    c.updatedAt = rt.clock.now();
    const token = state.accounts.get(c.accountSid)?.authToken;
    if (!c.statusCallback || !token || !c.statusCallbackEvents.includes(EVENT_OF[status])) return;
    await postSigned(rt, state, c.statusCallback, token, callbackParamsOf(c, sequence++, c.updatedAt));
  };
  void (async () => {
    await new Promise((r) => setImmediate(r));
    if (fault?.status === "failed") return step("failed", 0);
    await step("initiated");
    await step("ringing");
    if (fault) return step(fault.status, 0);
    await step("in-progress");
    await step("completed", ANSWERED_SECONDS);
  })().catch((err: unknown) => rt.log(`twilio call ${c.sid}: ${(err as Error).message}`));
}
