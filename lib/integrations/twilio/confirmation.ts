// The SMS confirmation of a registration or purchase: one per order and number,
// however often the delivery is retried, to each attendee who agreed to SMS, never
// to a number that replied STOP (skipped and counted, not an error).
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { formatInZone } from "@/lib/domain/time";
import { claimOutbound, isOptedOut, markAccepted } from "@/lib/sms/store";
import { findExternal, saveExternal } from "../external-objects";
import { callbackUrl } from "./callback-url";
import { joinLine } from "./join-line";
import type { TwilioContext } from "./manifest";
import { sendSms } from "./messaging";

type OrderFact = DomainEvent<"registration.created"> | DomainEvent<"ticket.purchased">;

function confirmationText(fact: OrderFact): string {
  const { event: ev, attendees } = fact.payload;
  const n = attendees.length;
  const when = `${formatInZone(new Date(ev.startsAt), ev.timeZone)} (${ev.timeZone})`;
  return `You're registered for ${ev.title}: ${n} ticket${n === 1 ? "" : "s"}, ${when}. ${ev.url}${joinLine(ev)} Reply STOP to opt out.`;
}

export async function textConfirmation(fact: OrderFact, ctx: TwilioContext): Promise<void> {
  if (!ctx.settings.sendConfirmations || !ctx.settings.sender) return;
  const marker = await findExternal(ctx.db, ctx.connection.id, "twilio_confirmation", fact.id);
  if (marker) return;
  // Each consented number once, for the first attendee who gave it.
  const numbers = new Map<string, string>();
  for (const a of fact.payload.attendees) if (a.smsPhone && !numbers.has(a.smsPhone)) numbers.set(a.smsPhone, a.id);
  if (numbers.size === 0) return;
  const body = confirmationText(fact);
  // Without the auth token Twilio's callbacks could not be verified, so none are asked for.
  const statusCallback = ctx.credentials.authToken ? callbackUrl(ctx.connection) : undefined;
  const sids: string[] = [];
  let optedOut = 0;
  for (const [to, attendeeId] of numbers) {
    if (await isOptedOut(ctx.db, ctx.connection.orgId, to)) {
      optedOut++;
      continue;
    }
    const claim = await claimOutbound(ctx.db, { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, attendeeId, domainEventId: fact.id, to, body });
    if (claim.sid) {
      sids.push(claim.sid);
      continue;
    }
    const sent = await sendSms(ctx, to, body, statusCallback);
    await markAccepted(ctx.db, claim.id, { sid: sent.sid, status: sent.status, from: sent.from });
    sids.push(sent.sid);
  }
  await saveExternal(ctx.db, {
    connectionId: ctx.connection.id,
    orgId: ctx.connection.orgId,
    kind: "twilio_confirmation",
    localId: fact.id,
    externalId: sids.join(",") || "none",
    data: { sent: sids.length, skippedOptedOut: optedOut },
  });
}
