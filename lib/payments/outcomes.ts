// What happened to payments at a provider, recorded from its callbacks for the
// payment analytics (lib/reports/payments): payments that went through, attempts
// that failed (with the issuer's decline code), refunds and disputes. One row per
// provider object: a replayed or repeated callback writes the same row again.
import type { Db } from "@/lib/db/client";
import type { PaymentOutcomeKind } from "@/lib/db/schema";

export interface PaymentOutcome {
  orgId: string;
  connectionId: string;
  /** The gateway's connector id. */
  provider: string;
  kind: PaymentOutcomeKind;
  /** The provider's id of the payment, failed attempt, refund or dispute. */
  externalId: string;
  amountMinor: number;
  currency: string;
  /** failure: the decline code (or the error code when the issuer gave none); dispute: its reason. */
  reason?: string | null;
  orderId?: string | null;
  occurredAt: Date;
}

export async function recordPaymentOutcome(db: Db, o: PaymentOutcome): Promise<void> {
  await db
    .insertInto("payment_outcomes")
    .values({
      org_id: o.orgId,
      connection_id: o.connectionId,
      provider: o.provider,
      kind: o.kind,
      external_id: o.externalId,
      amount_minor: o.amountMinor,
      currency: o.currency.trim().toUpperCase(),
      reason: o.reason ?? null,
      order_id: o.orderId ?? null,
      occurred_at: o.occurredAt,
    })
    // The provider's latest word on the object (a refund's amount, the order it turned out to be for); when it happened stays.
    .onConflict((oc) =>
      oc.columns(["connection_id", "kind", "external_id"]).doUpdateSet((eb) => ({
        amount_minor: eb.ref("excluded.amount_minor"),
        reason: eb.ref("excluded.reason"),
        order_id: eb.fn.coalesce("excluded.order_id", "payment_outcomes.order_id"),
      })),
    )
    .execute();
}

/** A refund that failed or was cancelled gave nothing back: it no longer counts. */
export async function forgetPaymentOutcome(db: Db, ref: { connectionId: string; kind: PaymentOutcomeKind; externalId: string }): Promise<void> {
  await db.deleteFrom("payment_outcomes").where("connection_id", "=", ref.connectionId).where("kind", "=", ref.kind).where("external_id", "=", ref.externalId).execute();
}
