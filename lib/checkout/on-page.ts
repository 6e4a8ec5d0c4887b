// Paying on our own page: the gateway's on-page form (its `embedded` capability)
// instead of a redirect to its hosted checkout. The hold, the callbacks that settle
// the order and the order page are the hosted checkout's; what differs is that no
// provider expires such a payment by itself, so a job closes it when the hold ends.
import { appUrl } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { OrderRow } from "@/lib/db/schema";
import { cancelPendingOrder } from "@/lib/domain/orders/settle";
import type { ConnectorContext } from "@/lib/integrations/contract";
import type { EmbeddedForm } from "@/lib/integrations/contract/embedded-payments";
import type { OpenCheckoutInput } from "@/lib/integrations/contract/payments";
import { log } from "@/lib/log";
import { noteOnOrder } from "@/lib/order-notes/store";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import { orderGateway, type PaymentConnector } from "./gateways";

export function payPageUrl(slug: string, orderId: string): string {
  return `${appUrl()}/e/${slug}/orders/${orderId}/pay`;
}

/** Whether this order is paid on our page: an order keeps the form it was opened with, a new one takes the organizer's choice. */
export function paysOnPage(gateway: PaymentConnector, ctx: ConnectorContext, order: OrderRow, existing: boolean): boolean {
  const embedded = gateway.payments.embedded;
  if (!embedded) return false;
  return existing && order.checkout_id ? order.checkout_form === "on_page" : embedded.chosen(ctx);
}

/** Opens the provider's payment for the order and arms the job that closes it when the hold ends. */
export async function openOnPage(db: Db, gateway: PaymentConnector, ctx: ConnectorContext, slug: string, input: OpenCheckoutInput): Promise<string> {
  const form = await gateway.payments.embedded!.openPaymentForm(ctx, input);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("orders").set({ checkout_id: form.paymentId, checkout_form: "on_page", updated_at: new Date() }).where("id", "=", input.order.id).execute();
    await enqueue(tx, "close_payment_form", { orderId: input.order.id }, { runAt: input.expiresAt, jobKey: jobKeys.paymentFormClose.of(input.order.id) });
  });
  return payPageUrl(slug, input.order.id);
}

export type PayPage =
  | { kind: "form"; order: OrderRow; eventTitle: string; form: EmbeddedForm }
  /** Nothing to pay here (paid, released, or a hosted checkout's order): the order page says what happened. */
  | { kind: "done" }
  | { kind: "unavailable"; message: string };

/** What the pay page shows: the order's form, read again from the provider (its client secret is never stored). */
export async function payPage(db: Db, slug: string, orderId: string): Promise<PayPage | null> {
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) return null;
  const row = await db
    .selectFrom("orders")
    .innerJoin("events", "events.id", "orders.event_id")
    .selectAll("orders")
    .select("events.title as event_title")
    .where("orders.id", "=", orderId)
    .where("events.slug", "=", slug)
    .executeTakeFirst();
  if (!row) return null;
  const { event_title: eventTitle, ...order } = row;
  if (order.status !== "pending" || order.checkout_form !== "on_page" || !order.checkout_id) return { kind: "done" };
  try {
    const { gateway, ctx } = await orderGateway(db, order);
    const form = await gateway.payments.embedded?.resumePaymentForm(ctx, order.checkout_id);
    return form ? { kind: "form", order, eventTitle, form } : { kind: "done" };
  } catch (err) {
    return { kind: "unavailable", message: `The payment form could not be loaded (${(err as Error).message}). Nothing was charged; reload this page in a moment.` };
  }
}

export type CloseOutcome = "released" | "paid" | "processing" | "not_due" | "unchanged";

/** How long after its hold ends an on-page order's job has to close it before the sweep does. */
const SWEEP_GRACE_MS = 5 * 60_000;
/** Places held by a payment form whose provider cannot be asked at all (its connection removed) go back on sale after this. */
export const ABANDON_FORM_AFTER_MS = 86_400_000;

/** The provider is gone, so its payment cannot be cancelled from here: release, and ask an admin to cancel it there. */
async function abandonPaymentForm(db: Db, o: { id: string; org_id: string; payment_connection_id: string | null; checkout_id: string | null }): Promise<boolean> {
  if (o.payment_connection_id) {
    await noteOnOrder(db, {
      orgId: o.org_id,
      orderId: o.id,
      connectionId: o.payment_connection_id,
      key: "payment_form_abandoned",
      severity: "error",
      message: `The payment provider of this order is no longer connected, so its open payment ${o.checkout_id ?? ""} could not be cancelled; the held places were released a day after the hold ended. Cancel that payment in the provider's dashboard so it cannot be paid.`,
    });
  }
  return (await cancelPendingOrder(db, o.id)) === "changed";
}

/**
 * The close job may have run while the payment was still processing, or failed
 * for good: every few minutes, on-page orders still pending past their hold are
 * closed again (cancel first, then release), so none holds its places for ever.
 */
export async function sweepExpiredPaymentForms(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom("orders")
    .select(["id", "org_id", "payment_provider", "payment_connection_id", "checkout_id", "hold_expires_at"])
    .where("status", "=", "pending")
    .where("checkout_form", "=", "on_page")
    .where("hold_expires_at", "<", new Date(now.getTime() - SWEEP_GRACE_MS))
    .execute();
  let released = 0;
  for (const o of due) {
    if (!(await orderGateway(db, o).then(() => true, () => false))) {
      if (o.hold_expires_at!.getTime() < now.getTime() - ABANDON_FORM_AFTER_MS && (await abandonPaymentForm(db, o))) released++;
      continue;
    }
    try {
      if ((await closeExpiredPaymentForm(db, o.id, now)) === "released") released++;
    } catch (err) {
      // The provider or the connection is unavailable: the next sweep asks again, the places stay held meanwhile.
      log.warn({ order: o.id, err: (err as Error).message }, "could not close an expired payment form");
    }
  }
  return released;
}

/**
 * The hold of an order paid on our page ran out: cancel its payment, then
 * release the places. Cancelling first means no late payment can slip in
 * after the places went back on sale; a payment that won the race settles the
 * order through its callback instead.
 */
export async function closeExpiredPaymentForm(db: Db, orderId: string, now = new Date()): Promise<CloseOutcome> {
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirst();
  if (!order || order.status !== "pending" || order.checkout_form !== "on_page" || !order.checkout_id) return "unchanged";
  if (order.hold_expires_at && new Date(order.hold_expires_at) > now) return "not_due";
  const { gateway, ctx } = await orderGateway(db, order);
  const embedded = gateway.payments.embedded;
  if (!embedded) return "unchanged";
  const outcome = await embedded.closePaymentForm(ctx, order.checkout_id);
  if (outcome !== "closed") return outcome;
  await cancelPendingOrder(db, order.id);
  return "released";
}
