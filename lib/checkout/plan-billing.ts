// Memberships through the organization's payment gateway: a saved plan becomes
// the gateway's recurring price, a person subscribes through its hosted checkout,
// and a member manages the card in its portal. The plan and membership rules are
// lib/memberships'; this is where they meet a gateway (as ./start.ts is for orders).
import type { Db } from "@/lib/db/client";
import type { ConnectionRow, MembershipPlanRow, PlanMembershipRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { ensurePaymentCustomer } from "@/lib/customers/ensure";
import { ProviderCallError, type ConnectorContext } from "@/lib/integrations/contract";
import type { MembershipBilling, PlanToBill } from "@/lib/integrations/contract/membership-billing";
import type { PaymentCustomers } from "@/lib/integrations/contract/payment-customers";
import { log } from "@/lib/log";
import { createPlanRow, getPlan, recordPlanBilling, updatePlanRow } from "@/lib/memberships/plans";
import { parseSubscribe } from "@/lib/memberships/subscribe-input";
import { membershipOfCheckoutReturn } from "@/lib/memberships/public";
import { requestMemberLink } from "@/lib/memberships/sign-in";
import type { Keyring } from "@/lib/vault";
import { availableGateways, findGateway, gatewayContext, paymentConnectors } from "./gateways";

interface BillingGateway {
  name: string;
  billing: MembershipBilling<ConnectorContext>;
  customers: PaymentCustomers<ConnectorContext>;
  ctx: ConnectorContext;
}

function providerText(err: unknown): string {
  return err instanceof ProviderCallError ? err.failure.message : "unexpected error";
}

function billingOf(name: string, payments: { memberships?: MembershipBilling<ConnectorContext>; customers?: PaymentCustomers<ConnectorContext> }, ctx: ConnectorContext): BillingGateway | undefined {
  return payments.memberships && payments.customers ? { name, billing: payments.memberships, customers: payments.customers, ctx } : undefined;
}

/** The first connected gateway that bills memberships (registry order), for a new or changed plan. */
async function billingGateway(db: Db, orgId: string): Promise<BillingGateway> {
  for (const g of await availableGateways(db, orgId)) {
    if (g.gateway.payments.memberships && g.gateway.payments.customers) return billingOf(g.gateway.name, g.gateway.payments, await gatewayContext(db, g.gateway, g.row))!;
  }
  const able = (await paymentConnectors()).filter((c) => c.payments.memberships && c.payments.customers).map((c) => c.name);
  throw new ConflictError(`Memberships are billed by your payment provider: connect one that bills subscriptions (${able.join(", ") || "none is installed"}) under Settings → Integrations first.`);
}

/** The gateway of the connection a plan or membership is billed through. */
async function billingGatewayOf(db: Db, orgId: string, connectionId: string | null): Promise<BillingGateway> {
  const row: ConnectionRow | undefined = connectionId
    ? await db.selectFrom("connections").selectAll().where("id", "=", connectionId).where("org_id", "=", orgId).executeTakeFirst()
    : undefined;
  const gateway = row ? await findGateway(row.connector_id) : undefined;
  if (!row || !gateway || row.status !== "connected" || !row.credentials_sealed) {
    throw new ConflictError("The payment connection this membership is billed through is not connected; an organizer needs to reconnect it.");
  }
  const found = billingOf(gateway.name, gateway.payments, await gatewayContext(db, gateway, row));
  if (!found) throw new ConflictError(`${gateway.name} does not bill memberships.`);
  return found;
}

export function planToBill(plan: MembershipPlanRow): PlanToBill {
  return { planId: plan.id, name: plan.name, interval: plan.interval, priceMinor: plan.price_minor, currency: plan.currency.trim() };
}

/** Makes the plan's price at the gateway match the plan; a changed amount or interval is a new price, the old one archived. */
export async function syncPlan(db: Db, plan: MembershipPlanRow): Promise<MembershipPlanRow> {
  // A plan first billed through one connection stays there: its members' subscriptions live in that account.
  const g = plan.connection_id ? await billingGatewayOf(db, plan.org_id, plan.connection_id) : await billingGateway(db, plan.org_id);
  try {
    const ids = await g.billing.syncPlan(g.ctx, planToBill(plan), { productId: plan.provider_product_id, priceId: plan.provider_price_id });
    await recordPlanBilling(db, plan.id, { connectionId: g.ctx.connection.id, ...ids });
  } catch (err) {
    log.warn({ plan: plan.id, err: (err as Error).message }, "could not sync a membership plan");
    throw new ConflictError(`The plan was saved, but ${g.name} could not set up its price (${providerText(err)}). Save it again in a moment; until then it is not offered.`);
  }
  return getPlan(db, plan.org_id, plan.id);
}

export async function createPlan(db: Db, orgId: string, input: unknown): Promise<MembershipPlanRow> {
  await billingGateway(db, orgId);
  return syncPlan(db, await createPlanRow(db, orgId, input));
}

export async function updatePlan(db: Db, orgId: string, planId: string, input: unknown): Promise<MembershipPlanRow> {
  return syncPlan(db, await updatePlanRow(db, orgId, planId, input));
}

/** What a subscriber who already has the plan is told: the same whether or not the address is theirs, and the address gets its sign-in link. */
export const ALREADY_SUBSCRIBED =
  "This address cannot take out this plan again. If it is yours, we have e-mailed it a sign-in link to the membership it has.";

/** The membership is made pending before the redirect; the gateway's callbacks (or the return, ./confirmMembershipReturn) make it active. */
export async function startMembership(db: Db, keyring: Keyring, orgSlug: string, raw: unknown, urls: { success: (membershipId: string) => string; cancel: string }): Promise<{ url: string; membershipId: string }> {
  const input = parseSubscribe(raw);
  const org = await db.selectFrom("organizations").select(["id", "slug", "name"]).where("slug", "=", orgSlug).executeTakeFirst();
  if (!org) throw new NotFoundError("Organization");
  const plan = await getPlan(db, org.id, input.planId).catch(() => undefined);
  if (!plan || plan.archived_at || !plan.provider_price_id) throw new ValidationError({ planId: ["This plan is not offered any more; choose another"] });
  const already = await db
    .selectFrom("plan_memberships")
    .select("id")
    .where("org_id", "=", org.id)
    .where("plan_id", "=", plan.id)
    .where("email", "=", input.email)
    .where("status", "in", ["active", "past_due"])
    .executeTakeFirst();
  if (already) {
    // Whoever typed the address learns no more than that it cannot subscribe again; its owner gets the way in.
    await requestMemberLink(db, keyring, org, { email: input.email }, "/");
    throw new ConflictError(ALREADY_SUBSCRIBED);
  }
  const g = await billingGatewayOf(db, org.id, plan.connection_id);
  let customer;
  try {
    customer = await ensurePaymentCustomer(db, g.customers, g.ctx, { email: input.email, name: input.name });
  } catch (err) {
    throw new ConflictError(`${g.name} could not be reached to start your membership (${providerText(err)}). Nothing was charged; try again in a moment.`);
  }
  const membership = await db
    .insertInto("plan_memberships")
    .values({
      org_id: org.id,
      plan_id: plan.id,
      name: input.name,
      email: input.email,
      payment_customer_id: customer.id,
      customer_known: customer.known,
      connection_id: g.ctx.connection.id,
      provider_price_id: plan.provider_price_id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  try {
    const opened = await g.billing.openSubscriptionCheckout(g.ctx, {
      plan: planToBill(plan),
      priceId: plan.provider_price_id,
      customerId: customer.provider_customer_id,
      membershipId: membership.id,
      successUrl: urls.success(membership.id),
      cancelUrl: urls.cancel,
    });
    await db.updateTable("plan_memberships").set({ checkout_id: opened.checkoutId, updated_at: new Date() }).where("id", "=", membership.id).execute();
    return { url: opened.url, membershipId: membership.id };
  } catch (err) {
    await db.updateTable("plan_memberships").set({ status: "cancelled", cancelled_at: new Date(), updated_at: new Date() }).where("id", "=", membership.id).execute();
    throw new ConflictError(`${g.name} could not open the subscription checkout (${providerText(err)}). Nothing was charged; try again in a moment.`);
  }
}

export type MembershipReturn =
  /** Paid and started: this browser may hold the membership; `pageInMail` when its page link goes only by e-mail. */
  | { kind: "started"; membership: PlanMembershipRow; pageInMail: boolean }
  /** The payment is not confirmed yet (or the gateway could not be asked): nothing is granted. */
  | { kind: "waiting" }
  | { kind: "unknown" };

/**
 * Back from the subscription checkout. The return URL's checkout id only shows the
 * browser opened that checkout, not that it paid: the gateway is asked, and the
 * membership must have started, before anything is granted.
 */
export async function confirmMembershipReturn(db: Db, orgId: string, membershipId: string, checkoutId: string): Promise<MembershipReturn> {
  const found = await membershipOfCheckoutReturn(db, orgId, membershipId, checkoutId);
  if (!found) return { kind: "unknown" };
  if (!found.started_at) {
    try {
      const g = await billingGatewayOf(db, orgId, found.connection_id);
      await g.billing.confirmSubscriptionCheckout(g.ctx, checkoutId);
    } catch (err) {
      log.warn({ membership: found.id, err: (err as Error).message }, "could not confirm a subscription checkout on return");
    }
  }
  const membership = await db.selectFrom("plan_memberships").selectAll().where("id", "=", found.id).executeTakeFirstOrThrow();
  if (!membership.started_at || membership.status === "cancelled") return { kind: "waiting" };
  return { kind: "started", membership, pageInMail: membership.customer_known };
}

/** The provider's page where the member changes the card or cancels; back to `returnUrl` afterwards. */
export async function memberPortalUrl(db: Db, membership: PlanMembershipRow, returnUrl: string): Promise<string> {
  const customer = membership.payment_customer_id
    ? await db.selectFrom("payment_customers").select("provider_customer_id").where("id", "=", membership.payment_customer_id).executeTakeFirst()
    : undefined;
  if (!customer || !membership.started_at) throw new ConflictError("This membership has not started yet: its first payment is not confirmed. Try again once this page shows it active.");
  const g = await billingGatewayOf(db, membership.org_id, membership.connection_id);
  try {
    return await g.billing.portalUrl(g.ctx, customer.provider_customer_id, returnUrl);
  } catch (err) {
    throw new ConflictError(`${g.name}'s customer portal could not be opened (${providerText(err)}). Try again in a moment.`);
  }
}
