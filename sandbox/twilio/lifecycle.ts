// What happens to a message after Twilio accepts it: sent to the carrier, then
// delivered (or failed/undelivered, when a control call said so for the number),
// each step posted to the message's StatusCallback, signed, in order.
import type { Runtime } from "../core/context";
import { postWebhook, withRetries } from "../core/webhook-post";
import { twilioSignature } from "./signing";
import { TWILIO_STATE, type MessageStatus, type NumberFault, type TwilioMessage, type TwilioState } from "./state";

/** Twilio waits 15 seconds for a callback's answer. */
const CALLBACK_TIMEOUT_MS = 15_000;

export function callbackParams(m: TwilioMessage): Record<string, string> {
  const p: Record<string, string> = {
    AccountSid: m.accountSid,
    ApiVersion: "2010-04-01",
    From: m.from,
    MessageSid: m.sid,
    MessageStatus: m.status,
    SmsSid: m.sid,
    SmsStatus: m.status,
    To: m.to,
  };
  if (m.messagingServiceSid) p.MessagingServiceSid = m.messagingServiceSid;
  if (m.errorCode !== null) p.ErrorCode = String(m.errorCode);
  return p;
}

/** Posts `params` to `url` signed with `authToken`; what the receiver answered is kept on `state.callbacks`. */
export async function postSigned(rt: Runtime, state: TwilioState, url: string, authToken: string, params: Record<string, string>): Promise<number | null> {
  const signature = twilioSignature(authToken, url, params);
  const record = { url, messageSid: params.MessageSid ?? params.CallSid ?? "", status: (params.MessageStatus ?? params.SmsStatus ?? params.CallStatus ?? "received") as MessageStatus, signature, responseStatus: null as number | null, error: null as string | null };
  state.callbacks.push(record);
  await withRetries(rt, () => TWILIO_STATE.of(rt) === state, async () => {
    const outcome = await postWebhook(rt, {
      url,
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature, "User-Agent": "TwilioProxy/1.1" },
      body: new URLSearchParams(params).toString(),
      timeoutMs: CALLBACK_TIMEOUT_MS,
    });
    record.responseStatus = outcome.status;
    record.error = outcome.error;
    return outcome;
  });
  return record.responseStatus;
}

async function step(rt: Runtime, state: TwilioState, m: TwilioMessage, status: MessageStatus, errorCode: number | null = null): Promise<void> {
  m.status = status;
  m.errorCode = errorCode;
  m.updatedAt = rt.clock.now();
  if (status === "sent") m.sentAt = m.updatedAt;
  const token = state.accounts.get(m.accountSid)?.authToken;
  if (m.statusCallback && token) await postSigned(rt, state, m.statusCallback, token, callbackParams(m));
}

/** Runs the message to its end, after the create call has answered. */
export function advance(rt: Runtime, state: TwilioState, m: TwilioMessage, forced?: NumberFault): void {
  const fault = forced ?? state.faults.get(m.to.replace(/^whatsapp:/, ""));
  void (async () => {
    await new Promise((r) => setImmediate(r));
    if (fault?.status === "failed") return step(rt, state, m, "failed", fault.errorCode);
    await step(rt, state, m, "sent");
    if (fault) await step(rt, state, m, "undelivered", fault.errorCode);
    else await step(rt, state, m, "delivered");
  })().catch((err: unknown) => rt.log(`twilio message ${m.sid}: ${(err as Error).message}`));
}
