// The parts of Payrexx's answers Switchboard reads, parsed leniently: Payrexx adds
// fields over time and sends ids as numbers or numeric strings.
import { z } from "zod";

const id = z.coerce.number().int();
const cents = z.coerce.number().int();

export const transactionObject = z.looseObject({
  id,
  status: z.string(),
  amount: cents.optional(),
  referenceId: z.string().nullish(),
  invoice: z
    .looseObject({
      referenceId: z.string().nullish(),
      paymentRequestId: id.nullish(),
      originalAmount: cents.nullish(),
      refundedAmount: cents.nullish(),
      currency: z.string().nullish(),
    })
    .nullish(),
  /** Set on refund transactions: the payment they refund. */
  originalTransactionId: id.nullish(),
});
export type PayrexxTransaction = z.infer<typeof transactionObject>;

export const gatewayObject = z.looseObject({
  id,
  status: z.string(),
  link: z.string(),
  referenceId: z.string().nullish(),
  invoices: z
    .array(z.looseObject({ transactions: z.array(z.looseObject({ id, status: z.string(), amount: cents.nullish() })).nullish() }))
    .nullish(),
});
export type PayrexxGateway = z.infer<typeof gatewayObject>;

/** Statuses of a transaction whose money reached the merchant (some may have gone back since). */
export const PAID_STATUSES = new Set(["confirmed", "partially-refunded", "refunded", "chargeback"]);

/** The transaction of a gateway that was paid, if any. */
export function paidTransactionOf(gateway: PayrexxGateway): { id: number; status: string } | undefined {
  return (gateway.invoices ?? []).flatMap((i) => i.transactions ?? []).find((t) => PAID_STATUSES.has(t.status));
}

/** What Payrexx reports as refunded so far on a payment. */
export function refundedAmountOf(tx: PayrexxTransaction): number {
  return tx.invoice?.refundedAmount ?? (tx.status === "refunded" ? (tx.invoice?.originalAmount ?? tx.amount ?? 0) : 0);
}
