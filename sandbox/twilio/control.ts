// Twilio's side that no API call of ours reaches: a person replying by SMS (STOP,
// HELP, anything), a handset or carrier that fails delivery to a number, and a
// call that is not answered.
import type { Ctx } from "../core/context";
import { bad, notFound, type ControlInput, type ControlResult, type ControlRoutes } from "../core/control";
import { twilioSid } from "./ids";
import { postSigned } from "./lifecycle";
import { TWILIO_STATE, type TwilioMessage } from "./state";

const E164 = /^\+[1-9]\d{6,14}$/;
const WA = "whatsapp:";
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * POST /_sandbox/twilio/inbound {from, to, body, url?}: an SMS to one of an
 * account's numbers, posted signed to its SMS URL; with from and to given as
 * "whatsapp:+…", a WhatsApp message (which opens that person's 24-hour window).
 */
async function inbound(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = TWILIO_STATE.of(ctx.rt);
  const fromAddress = str(input.from);
  const toAddress = str(input.to);
  const body = typeof input.body === "string" ? input.body : undefined;
  const wa = fromAddress?.startsWith(WA) ?? false;
  if (wa !== (toAddress?.startsWith(WA) ?? false)) return bad('from and to must both be "whatsapp:+…" for a WhatsApp message, or both plain numbers for an SMS');
  const from = fromAddress?.slice(wa ? WA.length : 0);
  const to = toAddress?.slice(wa ? WA.length : 0);
  if (!from || !E164.test(from)) return bad("from must be the sender's number in E.164 form (+15551234567)");
  if (!to) return bad("to must be one of an account's numbers");
  if (body === undefined) return bad("body is required");
  const account = [...state.accounts.values()].find((a) => a.numbers.some((n) => n.phoneNumber === to));
  if (!account) return notFound(`no sandbox account has the number ${to}; list them with GET /_sandbox/twilio/accounts`);
  const number = account.numbers.find((n) => n.phoneNumber === to)!;
  const service = account.services.find((s) => s.numbers.includes(to));
  const url = str(input.url) ?? number.smsUrl ?? service?.inboundRequestUrl ?? null;
  if (!url) return bad(`the number ${to} has no SMS URL; pass url, or set the number's SmsUrl through the API`);
  const now = ctx.rt.clock.now();
  const m: TwilioMessage = {
    sid: twilioSid("SM"),
    accountSid: account.sid,
    direction: "inbound",
    from: fromAddress!,
    to: toAddress!,
    body,
    contentSid: null,
    messagingServiceSid: service?.sid ?? null,
    status: "received",
    errorCode: null,
    statusCallback: null,
    createdAt: now,
    updatedAt: now,
    sentAt: now,
  };
  state.messages.set(m.sid, m);
  const params: Record<string, string> = {
    AccountSid: account.sid,
    ApiVersion: "2010-04-01",
    Body: body,
    From: fromAddress!,
    To: toAddress!,
    MessageSid: m.sid,
    SmsMessageSid: m.sid,
    SmsSid: m.sid,
    SmsStatus: "received",
    NumMedia: "0",
    NumSegments: "1",
    ...(service ? { MessagingServiceSid: service.sid } : {}),
    ...(wa ? { ProfileName: "Sandbox WhatsApp user", WaId: from.slice(1) } : {}),
  };
  const status = await postSigned(ctx.rt, state, url, account.authToken, params);
  return { status: 200, body: { sid: m.sid, url, answered: status } };
}

function fail(ctx: Ctx, input: ControlInput): ControlResult {
  const to = str(input.to);
  if (!to || !E164.test(to)) return bad("to must be the destination number in E.164 form");
  const status = input.status ?? "undelivered";
  if (status !== "failed" && status !== "undelivered") return bad('status must be "failed" or "undelivered"');
  const errorCode = input.errorCode === undefined ? 30003 : Number(input.errorCode);
  if (!Number.isInteger(errorCode) || errorCode <= 0) return bad("errorCode must be a Twilio error code, such as 30003 (unreachable handset) or 30006 (landline)");
  TWILIO_STATE.of(ctx.rt).faults.set(to, { status, errorCode });
  return { status: 200, body: { to, status, errorCode } };
}

function heal(ctx: Ctx, input: ControlInput): ControlResult {
  const to = str(input.to);
  if (!to) return bad("to is required");
  return { status: 200, body: { to, cleared: TWILIO_STATE.of(ctx.rt).faults.delete(to) } };
}

/** POST /_sandbox/twilio/call-fault {status, to?}: the next call (to `to`, or to anyone) ends busy, unanswered or failed. */
function callFault(ctx: Ctx, input: ControlInput): ControlResult {
  const status = input.status;
  if (status !== "busy" && status !== "no-answer" && status !== "failed") return bad('status must be "busy", "no-answer" or "failed"');
  const to = str(input.to) ?? null;
  if (to !== null && !E164.test(to)) return bad("to must be the called number in E.164 form, or left out for the next call to anyone");
  TWILIO_STATE.of(ctx.rt).callFaults.push({ to, status });
  return { status: 200, body: { to, status } };
}

function accounts(ctx: Ctx): ControlResult {
  const state = TWILIO_STATE.of(ctx.rt);
  return {
    status: 200,
    body: [...state.accounts.values()].map((a) => ({
      sid: a.sid,
      numbers: a.numbers.map((n) => ({ sid: n.sid, phoneNumber: n.phoneNumber, smsUrl: n.smsUrl })),
      services: a.services.map((s) => ({ sid: s.sid, friendlyName: s.friendlyName, numbers: s.numbers })),
    })),
  };
}

export const TWILIO_CONTROL: ControlRoutes = {
  "/inbound": { POST: inbound },
  "/fail": { POST: fail, DELETE: heal },
  "/call-fault": { POST: callFault, DELETE: (ctx) => ({ status: 200, body: { cleared: TWILIO_STATE.of(ctx.rt).callFaults.splice(0).length } }) },
  "/accounts": { GET: accounts },
  "/callbacks": { GET: (ctx) => ({ status: 200, body: TWILIO_STATE.of(ctx.rt).callbacks }) },
};
