// What Payrexx's webhooks mean for orders. A webhook only says "look at
// transaction N": processing reads N from Payrexx's API (through the connection's
// policy, so an outage fails the job and it is retried) and acts on what Payrexx
// says now, for an order of this connection's organization only.
import { z } from "zod";
import type { OrderRow } from "@/lib/db/schema";
import { ignored, type Processed } from "../contract/inbound";
import { retrieveTransaction } from "./client";
import type { PayrexxContext } from "./manifest";
import type { PayrexxTransaction } from "./objects";
import { applyTransaction, orNotFound } from "./settle";

const posted = z.object({
  transaction: z.looseObject({ id: z.coerce.number().int(), status: z.string(), originalTransactionId: z.coerce.number().int().nullish() }),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our order id travels as the gateway's referenceId; once paid, the transaction id is on the order too. */
export async function orderFor(ctx: PayrexxContext, tx: PayrexxTransaction): Promise<OrderRow | undefined> {
  const ref = tx.referenceId || tx.invoice?.referenceId || "";
  let q = ctx.db.selectFrom("orders").selectAll().where("org_id", "=", ctx.connection.orgId).where("payment_provider", "=", "payrexx");
  q = UUID.test(ref) ? q.where("id", "=", ref) : q.where("payment_intent_id", "=", String(tx.id));
  return q.executeTakeFirst();
}

/** The payment a transaction belongs to: itself, or for a refund transaction the one it refunds. */
async function paymentOf(ctx: PayrexxContext, id: number): Promise<PayrexxTransaction | null> {
  const tx = await orNotFound(() => retrieveTransaction(ctx, id));
  if (!tx?.originalTransactionId) return tx;
  return orNotFound(() => retrieveTransaction(ctx, tx.originalTransactionId!));
}

export async function processPayrexxCallback(payload: unknown, ctx: PayrexxContext): Promise<Processed> {
  const body = posted.safeParse(payload);
  if (!body.success) return ignored("not a transaction webhook; Switchboard acts on transactions only");
  const claimed = body.data.transaction;
  const tx = await paymentOf(ctx, claimed.originalTransactionId ?? claimed.id);
  if (!tx) return ignored(`Payrexx knows no transaction ${claimed.id} in instance ${ctx.credentials.instance}`);
  const order = await orderFor(ctx, tx);
  if (!order) return ignored(`no order of this organization for transaction ${tx.id}`);
  const result = await applyTransaction(ctx, order, tx);
  if (claimed.id !== tx.id || claimed.status === tx.status) return result;
  return { ...result, outcome: `${result.outcome} (sent as ${claimed.status}; Payrexx now says ${tx.status})` };
}
