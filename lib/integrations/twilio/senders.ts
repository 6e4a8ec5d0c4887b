// The account's own senders, read from Twilio: its phone numbers and its Messaging Services.
import type { FieldChoice } from "../contract";
import { callTwilio } from "./client";
import type { TwilioContext } from "./manifest";

// Several settings fields choose among the same numbers; a context lives for one
// piece of work (one settings page load), so the list is read once per context.
const numbersOf = new WeakMap<TwilioContext, Promise<FieldChoice[]>>();

/** The account's phone numbers only: what can place a call or send WhatsApp. */
export function numberChoices(ctx: TwilioContext): Promise<FieldChoice[]> {
  let listed = numbersOf.get(ctx);
  if (!listed) {
    listed = callTwilio(ctx, "incomingPhoneNumbers.list", (c) => c.api.v2010.accounts(ctx.credentials.accountSid).incomingPhoneNumbers.list({ limit: 200 })).then((numbers) =>
      numbers.map((n) => ({ value: n.phoneNumber, label: n.friendlyName && n.friendlyName !== n.phoneNumber ? `${n.phoneNumber} (${n.friendlyName})` : n.phoneNumber })),
    );
    // A failed read is not kept: the next field (or page load) asks again.
    listed.catch(() => numbersOf.delete(ctx));
    numbersOf.set(ctx, listed);
  }
  return listed;
}

export async function senderChoices(ctx: TwilioContext): Promise<FieldChoice[]> {
  const numbers = await numberChoices(ctx);
  const services = await callTwilio(ctx, "messaging.services.list", (c) => c.messaging.v1.services.list({ limit: 100 }));
  return [
    ...numbers,
    ...services.map((s) => ({ value: s.sid, label: `Messaging Service: ${s.friendlyName}` })),
  ];
}

/** The sender parameters of a message: From for a number, MessagingServiceSid for a service. */
export function senderParams(sender: string): { from: string } | { messagingServiceSid: string } {
  return sender.startsWith("MG") ? { messagingServiceSid: sender } : { from: sender };
}
