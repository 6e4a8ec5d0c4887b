// Messages: create (checked for what Twilio refuses beyond the spec: a sender of
// this account, a body, a real E.164 number; on WhatsApp a template of the account
// with its variables, or text inside the 24-hour window), fetch, list.
import type { TwilioCall } from "./call";
import { notFound, twilioError, type TwilioAnswer } from "./errors";
import { twilioSid } from "./ids";
import { advance } from "./lifecycle";
import type { NumberFault, TwilioMessage } from "./state";
import { fillTemplate } from "./templates";
import { messageView, page2010 } from "./views";

const E164 = /^\+[1-9]\d{6,14}$/;

const WA = "whatsapp:";
const WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * A WhatsApp message: both ends "whatsapp:+…", from one of the account's numbers;
 * a template (ContentSid of the account, every {{n}} given in ContentVariables)
 * anytime, free-form text only within 24 hours of the person's last message,
 * else accepted and then failed with 63016, as Twilio does.
 */
function whatsapp(call: TwilioCall): TwilioAnswer | { body: string; contentSid: string | null; outsideWindow: boolean } {
  const { account, params, state, ctx } = call;
  const from = params.From ?? "";
  if (!from.startsWith(WA) || !params.To!.startsWith(WA)) return twilioError(400, 63007, "Twilio could not find a Channel with the specified From address: both From and To must be whatsapp: addresses.");
  if (!account.numbers.some((n) => `${WA}${n.phoneNumber}` === from)) return twilioError(400, 63007, `Twilio could not find a Channel with the specified From address ${from}.`);
  if (params.ContentSid) {
    const t = account.templates.find((x) => x.sid === params.ContentSid);
    if (!t) return twilioError(400, 21655, `The ContentSid ${params.ContentSid} is invalid.`);
    let vars: Record<string, string>;
    try {
      vars = params.ContentVariables ? (JSON.parse(params.ContentVariables) as Record<string, string>) : {};
      if (typeof vars !== "object" || vars === null || Array.isArray(vars) || Object.values(vars).some((v) => typeof v !== "string")) throw new Error("not an object of strings");
    } catch {
      return twilioError(400, 21656, "The ContentVariables Parameter is invalid: it must be a JSON object of strings, such as {\"1\":\"Ada\"}.");
    }
    const filled = fillTemplate(t, vars);
    if (filled.missing.length > 0) return twilioError(400, 21656, `The ContentVariables Parameter is invalid: no value for {{${filled.missing.join("}}, {{")}}}.`);
    return { body: filled.text, contentSid: t.sid, outsideWindow: false };
  }
  const now = ctx.rt.clock.now();
  const lastIn = [...state.messages.values()].filter((m) => m.direction === "inbound" && m.from === params.To && m.to === from).reduce((at, m) => Math.max(at, m.createdAt), -Infinity);
  return { body: params.Body ?? "", contentSid: null, outsideWindow: now - lastIn > WINDOW_MS };
}

export function createMessage(call: TwilioCall): TwilioAnswer {
  const { account, params } = call;
  if (params.To!.startsWith(WA) || (params.From ?? "").startsWith(WA)) return createWhatsApp(call);
  const to = params.To!;
  if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  const service = params.MessagingServiceSid ? account.services.find((s) => s.sid === params.MessagingServiceSid) : undefined;
  if (params.MessagingServiceSid && !service) return twilioError(400, 21701, `The Messaging Service Sid ${params.MessagingServiceSid} is invalid.`);
  if (!params.From && !service) return twilioError(400, 21603, "A 'From' phone number is required.");
  if (params.From && !account.numbers.some((n) => n.phoneNumber === params.From)) {
    return twilioError(400, 21606, `The From phone number ${params.From} is not a valid, SMS-capable inbound phone number or short code for your account.`);
  }
  if (!params.Body && !params.MediaUrl && !params.ContentSid) return twilioError(400, 21602, "Message body is required.");
  if ((params.Body ?? "").length > 1600) return twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
  const from = params.From ?? service!.numbers[0] ?? account.numbers[0]!.phoneNumber;
  return accept(call, {
    from,
    to,
    body: params.Body ?? "",
    contentSid: null,
    messagingServiceSid: service?.sid ?? null,
    // A message sent through a Messaging Service is "accepted" until a sender is picked.
    status: service ? "accepted" : "queued",
  });
}

/** Stores a message Twilio took, answers 201 with it, and starts its lifecycle (or the ending a check forced). */
function accept(call: TwilioCall, m: Pick<TwilioMessage, "from" | "to" | "body" | "contentSid" | "messagingServiceSid" | "status">, forced?: NumberFault): TwilioAnswer {
  const { account, params, state, ctx } = call;
  const now = ctx.rt.clock.now();
  const message: TwilioMessage = {
    ...m,
    sid: twilioSid("SM"),
    accountSid: account.sid,
    direction: "outbound-api",
    errorCode: null,
    statusCallback: params.StatusCallback || null,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
  };
  state.messages.set(message.sid, message);
  const view = messageView(message);
  advance(ctx.rt, state, message, forced);
  return { status: 201, body: view };
}

function createWhatsApp(call: TwilioCall): TwilioAnswer {
  const { params } = call;
  const to = params.To!;
  if (!E164.test(to.slice(WA.length))) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!params.Body && !params.ContentSid) return twilioError(400, 21602, "Message body is required.");
  const wa = whatsapp(call);
  if ("status" in wa) return wa;
  return accept(
    call,
    { from: params.From!, to, body: wa.body, contentSid: wa.contentSid, messagingServiceSid: null, status: "queued" },
    wa.outsideWindow ? { status: "failed", errorCode: 63016 } : undefined,
  );
}

export function fetchMessage({ account, state, pathParams }: TwilioCall): TwilioAnswer {
  const m = state.messages.get(pathParams.Sid!);
  if (!m || m.accountSid !== account.sid) return notFound(`/2010-04-01/Accounts/${account.sid}/Messages/${pathParams.Sid}.json`);
  return { status: 200, body: messageView(m) };
}

export function listMessages({ account, state, params }: TwilioCall): TwilioAnswer {
  const size = Math.min(Math.max(Number(params.PageSize ?? 50) || 50, 1), 1000);
  const page = Math.max(Number(params.Page ?? 0) || 0, 0);
  const items = [...state.messages.values()]
    .filter((m) => m.accountSid === account.sid && (!params.To || m.to === params.To) && (!params.From || m.from === params.From))
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(messageView);
  return { status: 200, body: page2010("messages", `/2010-04-01/Accounts/${account.sid}/Messages.json`, items, size, page) };
}
