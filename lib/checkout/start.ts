// One order from the public page. All of it free for this buyer: registered at
// once. Any paid ticket: hold every place of the order (free ones too) in one
// pending order, then open the chosen gateway's hosted checkout (or its on-page
// form, ./on-page) for exactly that order. The provider call happens after the
// order's transaction, so no lock is held while the provider answers.
import type { Db } from "@/lib/db/client";
import { appUrl } from "@/lib/config";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { chosenTypes, createPendingOrder, type UnitPrice } from "@/lib/domain/orders/pending";
import { AttemptEndedError, CHECKOUT_ENDED } from "@/lib/domain/orders/attempt";
import { registerFreeOrder } from "@/lib/domain/registrations/register-free";
import { memberUnitPrice, type CookieReader } from "./member-price";
import { cancelPendingOrder } from "@/lib/domain/orders/settle";
import { ProviderCallError } from "@/lib/integrations/contract";
import { log } from "@/lib/log";
import { customerForOrder } from "@/lib/customers/for-order";
import { availableGateways, gatewayContext } from "./gateways";
import { openOnPage, paysOnPage } from "./on-page";
import { questionEnv } from "@/lib/answer-checks/check";
import type { QuestionEnv } from "@/lib/domain/questions/answers";

export function orderPageUrl(slug: string, orderId: string): string {
  return `${appUrl()}/e/${slug}/orders/${orderId}`;
}

async function eventOrg(db: Db, slug: string): Promise<string> {
  const event = await db.selectFrom("events").select("org_id").where("slug", "=", slug).executeTakeFirst();
  if (!event) throw new NotFoundError("Event");
  return event.org_id;
}

async function chooseGateway(db: Db, slug: string, wanted: unknown) {
  const event = { org_id: await eventOrg(db, slug) };
  const offered = await availableGateways(db, event.org_id);
  if (offered.length === 0) throw new ConflictError("The organizer has not set up payments yet, so paid tickets cannot be bought right now.");
  const id = typeof wanted === "string" && wanted ? wanted : offered.length === 1 ? offered[0]!.id : null;
  if (!id) throw new ValidationError({ gateway: ["Choose how you want to pay"] });
  const choice = offered.find((g) => g.id === id);
  if (!choice) throw new ValidationError({ gateway: ["This payment method is not offered for this event; choose another"] });
  return { gateway: choice.gateway, ctx: await gatewayContext(db, choice.gateway, choice.row) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether any ticket the order asks for costs this buyer something, read before
 * any lock (registerFreeOrder checks again under the event's lock, so a price
 * changed meanwhile is refused, never given away). An order naming no ticket, or
 * one that is not this event's, is not a payment either: the free path refuses it
 * with its field errors, without a payment method being needed to say so.
 */
async function asksForPaidTickets(db: Db, slug: string, input: unknown, unitPrice: UnitPrice): Promise<boolean> {
  const ids = chosenTypes(input).filter((id) => UUID.test(id));
  if (ids.length === 0) return false;
  const types = await db
    .selectFrom("ticket_types")
    .innerJoin("events", "events.id", "ticket_types.event_id")
    .selectAll("ticket_types")
    .where("events.slug", "=", slug)
    .where("ticket_types.id", "in", ids)
    .execute();
  return types.some((t) => unitPrice(t) > 0);
}

/** Where to send the buyer; `registered` when nothing was owed and the tickets are theirs already. */
export interface OrderStarted {
  url: string;
  orderId: string;
  registered?: true;
}

/**
 * `questions`: the connector question kinds and their check; the registry's unless a test brings its own.
 * `cookies`: the request's cookies; with a valid member cookie of the event's organization, prices are member prices while the membership is active.
 */
export async function startCheckout(db: Db, slug: string, input: unknown, questions: QuestionEnv = questionEnv(db), cookies?: CookieReader): Promise<OrderStarted> {
  const memberPrice = cookies ? await memberUnitPrice(db, await eventOrg(db, slug), cookies) : undefined;
  const unitPrice: UnitPrice = memberPrice ?? ((t) => t.price_minor);
  // Nothing to pay: registered at once, whatever gateways there are (or none).
  if (!(await asksForPaidTickets(db, slug, input, unitPrice))) {
    const { order } = await registerFreeOrder(db, slug, input, questions, unitPrice);
    return { url: orderPageUrl(slug, order.id), orderId: order.id, registered: true };
  }
  const { gateway, ctx } = await chooseGateway(db, slug, (input as { gateway?: unknown } | null)?.gateway);
  const pending = await createPendingOrder(db, slug, input, gateway.id, ctx.connection.id, questions, unitPrice);
  const { order, event, lines } = pending;
  if (pending.existing) {
    if (order.status === "paid") return { url: orderPageUrl(slug, order.id), orderId: order.id };
    if (order.status !== "pending") throw new AttemptEndedError(CHECKOUT_ENDED);
    if (order.payment_provider !== gateway.id) throw new ConflictError("This checkout was started with another payment method. Reload the page to start again.");
  }
  const customerId = await customerForOrder(db, gateway.payments.customers, ctx, order);
  try {
    const checkout = {
      customerId,
      order,
      event,
      // The gateway is paid for the priced lines; free tickets in the order cost nothing and are not on its bill.
      lines: lines.filter((l) => l.unitMinor > 0),
      orderUrl: orderPageUrl(slug, order.id),
      returnUrl: `${orderPageUrl(slug, order.id)}/return`,
      cancelUrl: `${appUrl()}/e/${slug}?checkout=cancelled`,
      expiresAt: order.hold_expires_at!,
    };
    if (paysOnPage(gateway, ctx, order, pending.existing)) return { url: await openOnPage(db, gateway, ctx, slug, checkout), orderId: order.id };
    const opened = await gateway.payments.openCheckout(ctx, checkout);
    await db.updateTable("orders").set({ checkout_id: opened.checkoutId, updated_at: new Date() }).where("id", "=", order.id).execute();
    return { url: opened.url, orderId: order.id };
  } catch (err) {
    log.warn({ order: order.id, gateway: gateway.id, err: (err as Error).message }, "could not open a checkout");
    const detail = err instanceof ProviderCallError ? err.failure.message : "unexpected error";
    const text = `Payment could not be started (${detail}). Nothing was charged; try again in a moment.`;
    // An order this submit made is cancelled, which ends its attempt; an earlier one stays pending for the retry.
    if (pending.existing) throw new ConflictError(text);
    await cancelPendingOrder(db, order.id);
    throw new AttemptEndedError(text);
  }
}
