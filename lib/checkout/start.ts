// Buying paid tickets: hold the places in a pending order, then open the chosen
// gateway's hosted checkout for exactly that order. The provider call happens
// after the order's transaction, so no lock is held while the provider answers.
import type { Db } from "@/lib/db/client";
import { appUrl } from "@/lib/config";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { createPendingOrder, type UnitPrice } from "@/lib/domain/orders/pending";
import { checkoutInput } from "@/lib/domain/orders/input";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { memberUnitPrice, type CookieReader } from "./member-price";
import { cancelPendingOrder } from "@/lib/domain/orders/settle";
import { ProviderCallError } from "@/lib/integrations/contract";
import { log } from "@/lib/log";
import { customerForOrder } from "@/lib/customers/for-order";
import { availableGateways, gatewayContext } from "./gateways";
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

/** Every ticket chosen costs this member nothing: one type is registered at once, like a free ticket. */
async function memberFreeRegistration(db: Db, slug: string, input: unknown, questions: QuestionEnv, unitPrice: UnitPrice) {
  const parsed = checkoutInput.safeParse(input);
  if (!parsed.success || parsed.data.items.length !== 1) return undefined;
  const types = await db.selectFrom("ticket_types").selectAll().where("id", "in", parsed.data.items.map((i) => i.ticketTypeId)).execute();
  if (types.length !== 1 || unitPrice(types[0]!) !== 0) return undefined;
  const { ticketTypeId, quantity } = parsed.data.items[0]!;
  const { order } = await registerFree(db, slug, { ...(input as object), ticketTypeId, quantity }, questions, unitPrice);
  return { url: orderPageUrl(slug, order.id), orderId: order.id };
}

/**
 * `questions`: the connector question kinds and their check; the registry's unless a test brings its own.
 * `cookies`: the request's cookies; with a valid member cookie of the event's organization, prices are member prices while the membership is active.
 */
export async function startCheckout(db: Db, slug: string, input: unknown, questions: QuestionEnv = questionEnv(db), cookies?: CookieReader): Promise<{ url: string; orderId: string }> {
  const unitPrice = cookies ? await memberUnitPrice(db, await eventOrg(db, slug), cookies) : undefined;
  if (unitPrice) {
    const registered = await memberFreeRegistration(db, slug, input, questions, unitPrice);
    if (registered) return registered;
  }
  const { gateway, ctx } = await chooseGateway(db, slug, (input as { gateway?: unknown } | null)?.gateway);
  const pending = await createPendingOrder(db, slug, input, gateway.id, ctx.connection.id, questions, unitPrice);
  const { order, event, lines } = pending;
  if (pending.existing) {
    if (order.status === "paid") return { url: orderPageUrl(slug, order.id), orderId: order.id };
    if (order.status !== "pending") throw new ConflictError("This checkout has ended. Reload the page to start again.");
    if (order.payment_provider !== gateway.id) throw new ConflictError("This checkout was started with another payment method. Reload the page to start again.");
  }
  const customerId = await customerForOrder(db, gateway.payments.customers, ctx, order);
  try {
    const opened = await gateway.payments.openCheckout(ctx, {
      customerId,
      order,
      event,
      lines,
      orderUrl: orderPageUrl(slug, order.id),
      returnUrl: `${orderPageUrl(slug, order.id)}/return`,
      cancelUrl: `${appUrl()}/e/${slug}?checkout=cancelled`,
      expiresAt: order.hold_expires_at!,
    });
    await db.updateTable("orders").set({ checkout_id: opened.checkoutId, updated_at: new Date() }).where("id", "=", order.id).execute();
    return { url: opened.url, orderId: order.id };
  } catch (err) {
    log.warn({ order: order.id, gateway: gateway.id, err: (err as Error).message }, "could not open a checkout");
    if (!pending.existing) await cancelPendingOrder(db, order.id);
    const detail = err instanceof ProviderCallError ? err.failure.message : "unexpected error";
    throw new ConflictError(`Payment could not be started (${detail}). Nothing was charged; try again in a moment.`);
  }
}
