// Every send through SendGrid asks first whether the address is suppressed (it
// bounced, was dropped, reported spam or unsubscribed). A suppressed address is
// skipped, not errored: nothing would change on a retry. Each skip is counted on
// the connector page, once per message it stood for.
import { emailEventCounts, findSuppression, recordEmailEvent, SKIPPED_SUPPRESSED, type Suppression } from "@/lib/email/suppressions";
import { log } from "@/lib/log";
import type { ActivityCapability } from "../contract";
import type { SendGridContext } from "./manifest";

/** The suppression that stops this send, recorded as a skip under `messageKey` (once however often it is retried); undefined when the address may be sent to. */
export async function suppressedSend(ctx: Pick<SendGridContext, "db" | "connection">, email: string, messageKey: string): Promise<Suppression | undefined> {
  const s = await findSuppression(ctx.db, ctx.connection.orgId, email);
  if (!s) return undefined;
  await recordEmailEvent(ctx.db, {
    orgId: ctx.connection.orgId,
    connectionId: ctx.connection.id,
    providerEventId: `skip:${messageKey}:${s.email}`,
    eventType: SKIPPED_SUPPRESSED,
    email: s.email,
    occurredAt: new Date(),
  });
  log.info({ connectionId: ctx.connection.id, messageKey, reason: s.eventType }, "skipped an e-mail to a suppressed address");
  return s;
}

const FIGURES: Array<[string, string]> = [
  ["delivered", "Delivered"],
  ["open", "Opened"],
  ["click", "Clicked"],
  ["bounce", "Bounced"],
  ["dropped", "Dropped"],
  ["spamreport", "Spam reports"],
  ["unsubscribe", "Unsubscribed"],
  [SKIPPED_SUPPRESSED, "Not sent (suppressed)"],
];

export const sendgridActivity: ActivityCapability = {
  title: "E-mail events",
  async load(db, connection) {
    const counts = await emailEventCounts(db, connection.id);
    return FIGURES.map(([type, label]) => ({ label, value: (counts[type] ?? 0) + (type === "unsubscribe" ? (counts.group_unsubscribe ?? 0) : 0) }));
  },
};
