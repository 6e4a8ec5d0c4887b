// Messages: create (checked for what Twilio refuses beyond the spec: a sender of
// this account, a body, a real E.164 number), fetch, list.
import type { TwilioCall } from "./call";
import { notFound, twilioError, type TwilioAnswer } from "./errors";
import { twilioSid } from "./ids";
import { advance } from "./lifecycle";
import type { TwilioMessage } from "./state";
import { messageView, page2010 } from "./views";

const E164 = /^\+[1-9]\d{6,14}$/;

export function createMessage(call: TwilioCall): TwilioAnswer {
  const { account, params, state, ctx } = call;
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
  const now = ctx.rt.clock.now();
  const from = params.From ?? service!.numbers[0] ?? account.numbers[0]!.phoneNumber;
  const m: TwilioMessage = {
    sid: twilioSid("SM"),
    accountSid: account.sid,
    direction: "outbound-api",
    from,
    to,
    body: params.Body ?? "",
    messagingServiceSid: service?.sid ?? null,
    // A message sent through a Messaging Service is "accepted" until a sender is picked.
    status: service ? "accepted" : "queued",
    errorCode: null,
    statusCallback: params.StatusCallback || null,
    createdAt: now,
    updatedAt: now,
    sentAt: null,
  };
  state.messages.set(m.sid, m);
  const view = messageView(m);
  advance(ctx.rt, state, m);
  return { status: 201, body: view };
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
