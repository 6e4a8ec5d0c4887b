// A membership's invoices, acted on once each: a paid renewal is told as
// membership.renewed, a failed payment e-mails the member (dunning) with the link
// to their page, where "Manage card or cancel" opens the provider's portal. The
// (membership, invoice, outcome) key makes a replayed callback do nothing; the
// membership's status itself comes from the subscription (./state.ts).
import type { Db } from "@/lib/db/client";
import type { Keyring } from "@/lib/vault";
import { formatMoney } from "@/lib/domain/money";
import { memberPageUrl } from "./links";
import { queueMemberMail } from "./mail";
import { lockMembershipOfSubscription, tell } from "./state";

export interface MembershipInvoice {
  orgId: string;
  connectionId: string;
  subscriptionId: string;
  invoiceId: string;
  outcome: "paid" | "failed";
  /** A renewal (not the first payment, which is membership.started). */
  renewal: boolean;
  amountMinor: number;
  currency: string;
}

export type InvoiceOutcome = "unknown membership" | "already handled" | "renewal told" | "dunning mail queued" | "recorded";

export async function recordMembershipInvoice(db: Db, keyring: Keyring, inv: MembershipInvoice): Promise<InvoiceOutcome> {
  return db.transaction().execute(async (tx) => {
    const m = await lockMembershipOfSubscription(tx, inv);
    if (!m) return "unknown membership";
    const inserted = await tx
      .insertInto("plan_membership_invoices")
      .values({ membership_id: m.id, provider_invoice_id: inv.invoiceId, outcome: inv.outcome, org_id: m.org_id })
      .onConflict((oc) => oc.doNothing())
      .returning("membership_id")
      .executeTakeFirst();
    if (!inserted) return "already handled";
    if (inv.outcome === "paid") {
      if (!inv.renewal) return "recorded";
      await tell(tx, m, "membership.renewed");
      return "renewal told";
    }
    // A failure heard of only after the membership ended asks nothing of the member any more.
    if (m.status === "cancelled") return "recorded";
    const [plan, org] = await Promise.all([
      tx.selectFrom("membership_plans").select("name").where("id", "=", m.plan_id).executeTakeFirstOrThrow(),
      tx.selectFrom("organizations").select(["name", "slug"]).where("id", "=", m.org_id).executeTakeFirstOrThrow(),
    ]);
    const amount = inv.amountMinor > 0 ? ` of ${formatMoney(inv.amountMinor, inv.currency.toUpperCase())}` : "";
    await queueMemberMail(tx, m.org_id, "membership.dunning", {
      to: m.email,
      subject: `${org.name}: your ${plan.name} payment failed`,
      text: [
        `Hello ${m.name},`,
        ``,
        `the payment${amount} for your ${plan.name} membership at ${org.name} did not go through, so your membership is past due.`,
        `Your card will be tried again automatically. To use another card, or to cancel, open your membership page and choose "Manage card or cancel":`,
        memberPageUrl(keyring, org.slug, m.id),
        ``,
        `Member prices apply again as soon as the payment succeeds.`,
      ].join("\n"),
      loggedText: `The payment${amount} for ${m.name}'s ${plan.name} membership failed; the membership is past due. The e-mail carries the link to their membership page.`,
    });
    return "dunning mail queued";
  });
}
