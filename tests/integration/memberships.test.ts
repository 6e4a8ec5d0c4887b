// Buyers as Stripe customers and memberships by subscription, against the
// sandbox and a real Postgres: one customer per e-mail even under concurrency,
// checkout that never waits on the customer, plans as Stripe prices, member prices
// only for an active membership behind a valid cookie, a member-priced refund, and
// membership state that ends right whatever order its callbacks come in.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appKeyring } from "@/lib/vault/app-keyring";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { startCheckout } from "@/lib/checkout/start";
import { availableGateways, gatewayContext } from "@/lib/checkout/gateways";
import { createPlan, memberPortalUrl, startMembership, updatePlan } from "@/lib/checkout/plan-billing";
import { membershipOfCheckoutReturn } from "@/lib/memberships/public";
import { MEMBER_LINK_SENT, redeemMemberLink, requestMemberLink } from "@/lib/memberships/sign-in";
import { requestRefund } from "@/lib/checkout/refunds";
import { stripeClient } from "@/lib/integrations/stripe/client";
import { STRIPE_EVENTS } from "@/lib/integrations/stripe/connector";
import { ensurePaymentCustomer } from "@/lib/customers/ensure";
import { memberCookieName, memberCookieValue, memberEmailFromCookie } from "@/lib/memberships/member-cookie";
import { applySubscription, type SubscriptionState } from "@/lib/memberships/state";
import { recordMembershipInvoice } from "@/lib/memberships/invoices";
import type { PlanMembershipStatus } from "@/lib/db/schema";
import { startAppServer } from "../helpers/app-server";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const KEY = "sk_test_memberships0001";
let app: Awaited<ReturnType<typeof startAppServer>>;
let callbacksDown = false;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const { POST } = await import("@/app/api/webhooks/[provider]/route");
  // While `callbacksDown`, our route answers 503 (as during a deploy): Stripe's deliveries fail and are sent again later, in any order.
  type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const gated: Handler = (req, ctx) => (callbacksDown ? Promise.resolve(new Response("unavailable", { status: 503 })) : (POST as never as Handler)(req, ctx));
  app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: gated }]);
  process.env.APP_URL = app.url;
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields: { secretKey: KEY, publishableKey: "pk_test_memberships0001" } });
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

const stripeApi = () => stripeClient(sandbox.url, KEY);

async function stripeGateway() {
  const [g] = await availableGateways(t.db, t.orgId);
  return { customers: g!.gateway.payments.customers!, ctx: await gatewayContext(t.db, g!.gateway, g!.row) };
}

async function pay(checkoutUrl: string): Promise<Response> {
  const form = new URLSearchParams({ card_number: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123", name: "Test Buyer", email: "buyer@example.com", action: "pay" });
  return fetch(checkoutUrl, { method: "POST", body: form, redirect: "manual" });
}

const order = (id: string) => t.db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const buy = (ticketTypeId: string, email: string, quantity = 1) => ({ name: "Mia Member", email, attempt: randomUUID(), items: [{ ticketTypeId, quantity }] });

let planSeq = 0;
async function planWith(discountPercent: number, ticketTypeNames = "") {
  return createPlan(t.db, t.orgId, { name: `Friends ${++planSeq}`, interval: "month", price: "10", currency: "EUR", discountPercent, ticketTypeNames });
}

async function membership(planId: string, email: string, status: PlanMembershipStatus = "active") {
  return t.db
    .insertInto("plan_memberships")
    .values({ org_id: t.orgId, plan_id: planId, name: "Mia Member", email, status, provider_subscription_id: status === "pending" ? null : `sub_${randomUUID().replace(/-/g, "")}` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

function cookiesOf(orgId: string, email: string) {
  const value = memberCookieValue(appKeyring(), orgId, email);
  return { value, reader: (name: string) => (name === memberCookieName(t.orgId) ? value : undefined) };
}

describe("payment customers", () => {
  it("makes one Stripe customer per e-mail, even when five first purchases race", async () => {
    const { customers, ctx } = await stripeGateway();
    const spellings = ["Pia@Example.com", " pia@example.com", "PIA@EXAMPLE.COM", "pia@example.com ", "pia@Example.com"];
    const rows = await Promise.all(spellings.map((email) => ensurePaymentCustomer(t.db, customers, ctx, { email, name: "Pia Payer" })));
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    expect(rows[0]!.email).toBe("pia@example.com");
    expect(rows[0]!.provider_customer_id).toMatch(/^cus_/);
    const atStripe = await stripeApi().customers.list({ email: "pia@example.com", limit: 10 });
    expect(atStripe.data.map((c) => c.id)).toEqual([rows[0]!.provider_customer_id]);
    expect(await t.db.selectFrom("payment_customers").select("id").where("email", "=", "pia@example.com").execute()).toHaveLength(1);
  });

  it("opens every checkout of a buyer for the same customer and records it on the order", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const first = await startCheckout(t.db, event.slug, buy(ticketType.id, "lou@example.com"));
    const second = await startCheckout(t.db, event.slug, buy(ticketType.id, "Lou@Example.com"));
    const [a, b] = [await order(first.orderId), await order(second.orderId)];
    expect(a.payment_customer_id).not.toBeNull();
    expect(b.payment_customer_id).toBe(a.payment_customer_id);
    const customer = await t.db.selectFrom("payment_customers").selectAll().where("id", "=", a.payment_customer_id!).executeTakeFirstOrThrow();
    const session = await stripeApi().checkout.sessions.retrieve(b.checkout_id!);
    expect(session.customer).toBe(customer.provider_customer_id);
  });

  it("sells the ticket by e-mail alone when Stripe cannot make the customer, and makes it next time", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    await sandbox.control("faults", { provider: "stripe", match: "/v1/customers", kind: "status", status: 400, times: 1 });
    const down = await startCheckout(t.db, event.slug, buy(ticketType.id, "noor@example.com"));
    expect((await order(down.orderId)).payment_customer_id).toBeNull();
    const session = await stripeApi().checkout.sessions.retrieve((await order(down.orderId)).checkout_id!);
    expect(session.customer).toBeNull();
    expect(session.customer_email).toBe("noor@example.com");
    await sandbox.control("faults", undefined, "DELETE");
    const later = await startCheckout(t.db, event.slug, buy(ticketType.id, "noor@example.com"));
    expect((await order(later.orderId)).payment_customer_id).not.toBeNull();
  });
});

describe("membership plans", () => {
  it("creates a product and a monthly price; a new amount is a new price and the old one is archived", async () => {
    const plan = await planWith(20);
    expect(plan.provider_product_id).toMatch(/^prod_/);
    const price = await stripeApi().prices.retrieve(plan.provider_price_id!);
    expect([price.unit_amount, price.currency, price.recurring?.interval, price.active]).toEqual([1000, "eur", "month", true]);

    const renamed = await updatePlan(t.db, t.orgId, plan.id, { name: "Friends Plus", interval: "month", price: "10", currency: "EUR", discountPercent: 20 });
    expect(renamed.provider_price_id).toBe(plan.provider_price_id);
    expect((await stripeApi().products.retrieve(plan.provider_product_id!)).name).toBe("Friends Plus");

    const dearer = await updatePlan(t.db, t.orgId, plan.id, { name: "Friends Plus", interval: "year", price: "100", currency: "EUR", discountPercent: 20 });
    expect(dearer.provider_price_id).not.toBe(plan.provider_price_id);
    const [old, next] = await Promise.all([stripeApi().prices.retrieve(plan.provider_price_id!), stripeApi().prices.retrieve(dearer.provider_price_id!)]);
    expect(old.active).toBe(false);
    expect([next.unit_amount, next.recurring?.interval, next.product]).toEqual([10000, "year", plan.provider_product_id]);
  });

  it("refuses a plan without a price or with a discount over 100%, naming the field", async () => {
    const err = await createPlan(t.db, t.orgId, { name: "Bad", interval: "week", price: "0", currency: "EUR", discountPercent: 120 }).catch((e) => e);
    expect(Object.keys(err.fieldErrors).sort()).toEqual(["discountPercent", "interval", "price"]);
  });
});

describe("member prices", () => {
  it("applies the plan's discount only with a valid cookie and an active membership", async () => {
    const plan = await planWith(20, "General");
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 50 });
    const m = await membership(plan.id, "mia@example.com");
    const { value, reader } = cookiesOf(t.orgId, "mia@example.com");
    const total = async (cookies?: (n: string) => string | undefined) => (await order((await startCheckout(t.db, event.slug, buy(ticketType.id, "mia@example.com", 2), undefined, cookies)).orderId)).total_minor;

    expect(await total(reader)).toBe(4000);
    expect(await total()).toBe(5000);
    const forged = value.slice(0, -2) + (value.endsWith("AA") ? "BB" : "AA");
    expect(await total((n) => (n === memberCookieName(t.orgId) ? forged : undefined))).toBe(5000);
    const otherOrg = (await makeOrg(t.db, "Other")).id;
    const theirs = memberCookieValue(appKeyring(), otherOrg, "mia@example.com");
    expect(await total((n) => (n === memberCookieName(t.orgId) ? theirs : undefined))).toBe(5000);
    await t.db.updateTable("plan_memberships").set({ status: "past_due" }).where("id", "=", m.id).execute();
    expect(await total(reader)).toBe(5000);
    await t.db.updateTable("plan_memberships").set({ status: "active" }).where("id", "=", m.id).execute();
    const paid = await order((await startCheckout(t.db, event.slug, buy(ticketType.id, "mia@example.com"), undefined, reader)).orderId);
    const attendees = await t.db.selectFrom("attendees").select("price_paid_minor").where("order_id", "=", paid.id).execute();
    expect(attendees.map((a) => a.price_paid_minor)).toEqual([2000]);
  });

  it("does not discount ticket types the plan does not name", async () => {
    const plan = await planWith(50, "VIP");
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    await membership(plan.id, "vip-only@example.com");
    const { reader } = cookiesOf(t.orgId, "vip-only@example.com");
    const { orderId } = await startCheckout(t.db, event.slug, buy(ticketType.id, "vip-only@example.com"), undefined, reader);
    expect((await order(orderId)).total_minor).toBe(2500);
  });

  it("registers a member at once when the plan makes the ticket free", async () => {
    const plan = await planWith(100);
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    await membership(plan.id, "free@example.com");
    const { reader } = cookiesOf(t.orgId, "free@example.com");
    const { url, orderId } = await startCheckout(t.db, event.slug, buy(ticketType.id, "free@example.com"), undefined, reader);
    expect(url).toContain(`/e/${event.slug}/orders/${orderId}`);
    const o = await order(orderId);
    expect([o.status, o.total_minor, o.checkout_id]).toEqual(["paid", 0, null]);
    const facts = await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", orderId).execute();
    expect(facts.map((f) => f.type)).toEqual(["registration.created"]);
  });

  it("refunds a member-priced ticket at the price paid, not the ticket type's price", async () => {
    const plan = await planWith(40);
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    await membership(plan.id, "ref@example.com");
    const { reader } = cookiesOf(t.orgId, "ref@example.com");
    const { url, orderId } = await startCheckout(t.db, event.slug, buy(ticketType.id, "ref@example.com", 2), undefined, reader);
    expect((await pay(url)).status).toBe(303);
    await waitFor(async () => ((await order(orderId)).status === "paid" ? true : undefined), { what: "the member's order paid", timeoutMs: 20_000 });
    expect((await order(orderId)).total_minor).toBe(3000);
    const [first] = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).execute();
    expect(await requestRefund(t.db, t.orgId, orderId, first!.id)).toEqual({ amountMinor: 1500, provider: "Stripe" });
    await waitFor(async () => ((await order(orderId)).refunded_minor === 1500 ? true : undefined), { what: "the member-priced refund", timeoutMs: 20_000 });
  });
});

describe("member sign-in links", () => {
  it("mails a one-time link to a member only, answers everyone alike, and the link works once", async () => {
    const plan = await planWith(10);
    await membership(plan.id, "linked@example.com");
    const org = await t.db.selectFrom("organizations").select(["id", "slug", "name"]).where("id", "=", t.orgId).executeTakeFirstOrThrow();
    const before = await t.db.selectFrom("member_sign_in_links").select("token_hash").execute();
    expect(await requestMemberLink(t.db, appKeyring(), org, { email: "stranger@example.com" }, "/e/x")).toBe(MEMBER_LINK_SENT);
    expect(await t.db.selectFrom("member_sign_in_links").select("token_hash").execute()).toHaveLength(before.length);
    expect(await requestMemberLink(t.db, appKeyring(), org, { email: " Linked@Example.com" }, "/e/some-event")).toBe(MEMBER_LINK_SENT);
    const mail = await waitFor(
      async () => (await t.db.selectFrom("activity_log").select("summary").where("type", "=", "membership.sign_in_link").execute()).find((r) => r.summary.includes("/sign-in/")),
      { what: "the sign-in mail", timeoutMs: 20_000 },
    );
    const token = /\/sign-in\/([A-Za-z0-9_-]{43})\?next=%2Fe%2Fsome-event/.exec(mail.summary)![1]!;
    expect(await redeemMemberLink(t.db, (await makeOrg(t.db, "Not theirs")).id, token)).toBeNull();
    expect(await redeemMemberLink(t.db, t.orgId, token)).toBe("linked@example.com");
    expect(await redeemMemberLink(t.db, t.orgId, token)).toBeNull();
    // The cookie it leads to is this organization's only.
    const cookie = cookiesOf(t.orgId, "linked@example.com").value;
    expect(memberEmailFromCookie(appKeyring(), t.orgId, cookie)).toBe("linked@example.com");
    expect(memberEmailFromCookie(appKeyring(), (await makeOrg(t.db, "Else")).id, cookie)).toBeNull();
  });
});

describe("membership state", () => {
  const state = (m: { id: string }, subscriptionId: string, status: PlanMembershipStatus, over: Partial<SubscriptionState> = {}): SubscriptionState => ({
    orgId: t.orgId,
    connectionId: randomUUID(),
    subscriptionId,
    membershipId: m.id,
    status,
    currentPeriodEnd: new Date("2031-01-01T00:00:00Z"),
    cancelAtPeriodEnd: false,
    priceId: null,
    ...over,
  });
  const facts = async (id: string) => (await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", id).orderBy("occurred_at").execute()).map((f) => f.type);

  it("tells each transition once; a replay changes nothing and a cancelled membership stays cancelled", async () => {
    const plan = await planWith(10);
    const connectionId = (await t.db.selectFrom("connections").select("id").where("org_id", "=", t.orgId).executeTakeFirstOrThrow()).id;
    const m = await t.db.insertInto("plan_memberships").values({ org_id: t.orgId, plan_id: plan.id, name: "Sam", email: "sam@example.com", connection_id: connectionId }).returningAll().executeTakeFirstOrThrow();
    const sub = `sub_${randomUUID().replace(/-/g, "")}`;
    const s = (status: PlanMembershipStatus, over?: Partial<SubscriptionState>) => state(m, sub, status, { connectionId, ...over });

    expect((await applySubscription(t.db, s("active"))).outcome).toBe("changed");
    expect((await applySubscription(t.db, s("active"))).outcome).toBe("unchanged");
    // Found by the subscription id from now on, whatever the metadata says.
    expect((await applySubscription(t.db, s("active", { membershipId: null }))).outcome).toBe("unchanged");
    await applySubscription(t.db, s("past_due"));
    await applySubscription(t.db, s("active", { currentPeriodEnd: new Date("2031-02-01T00:00:00Z") }));
    await applySubscription(t.db, s("cancelled"));
    const late = await applySubscription(t.db, s("active"));
    expect(late.outcome === "unknown" ? null : late.membership.status).toBe("cancelled");
    expect(await facts(m.id)).toEqual(["membership.started", "membership.past_due", "membership.cancelled"]);
    const row = await t.db.selectFrom("plan_memberships").selectAll().where("id", "=", m.id).executeTakeFirstOrThrow();
    expect([row.provider_subscription_id, row.status]).toEqual([sub, "cancelled"]);
    expect(row.started_at).not.toBeNull();
    expect(row.cancelled_at).not.toBeNull();
  });

  it("ignores a subscription of another organization or one it has never seen", async () => {
    const other = (await makeOrg(t.db, "Elsewhere")).id;
    const plan = await planWith(10);
    const m = await membership(plan.id, "x@example.com", "pending");
    expect((await applySubscription(t.db, { ...state(m, "sub_unseen", "active"), orgId: other })).outcome).toBe("unknown");
    expect((await applySubscription(t.db, { ...state(m, "sub_unseen", "active"), membershipId: "not-a-uuid" })).outcome).toBe("unknown");
  });

  it("sends one dunning e-mail per failed invoice and tells a paid renewal once", async () => {
    const plan = await planWith(10);
    const connectionId = (await t.db.selectFrom("connections").select("id").where("org_id", "=", t.orgId).executeTakeFirstOrThrow()).id;
    const sub = `sub_${randomUUID().replace(/-/g, "")}`;
    const m = await t.db
      .insertInto("plan_memberships")
      .values({ org_id: t.orgId, plan_id: plan.id, name: "Dana", email: "dana@example.com", connection_id: connectionId, provider_subscription_id: sub, status: "past_due" })
      .returningAll()
      .executeTakeFirstOrThrow();
    const inv = (invoiceId: string, outcome: "paid" | "failed") => ({ orgId: t.orgId, connectionId, subscriptionId: sub, invoiceId, outcome, renewal: true, amountMinor: 1000, currency: "eur" });
    expect(await recordMembershipInvoice(t.db, appKeyring(), inv("in_1", "failed"))).toBe("dunning mail queued");
    expect(await recordMembershipInvoice(t.db, appKeyring(), inv("in_1", "failed"))).toBe("already handled");
    expect(await recordMembershipInvoice(t.db, appKeyring(), inv("in_2", "failed"))).toBe("dunning mail queued");
    expect(await recordMembershipInvoice(t.db, appKeyring(), inv("in_2", "paid"))).toBe("renewal told");
    expect(await recordMembershipInvoice(t.db, appKeyring(), inv("in_2", "paid"))).toBe("already handled");
    const mails = await t.db.selectFrom("activity_log").select("summary").where("org_id", "=", t.orgId).where("type", "=", "membership.dunning").execute();
    expect(mails).toHaveLength(2);
    expect(mails[0]!.summary).toMatch(/^Test Org: your Friends \d+ payment failed\./);
    expect(await facts(m.id)).toEqual(["membership.renewed"]);
  });
});

describe("memberships billed by Stripe subscriptions", () => {
  const row = (id: string) => t.db.selectFrom("plan_memberships").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const until = (id: string, status: PlanMembershipStatus) =>
    waitFor(async () => ((await row(id)).status === status ? true : undefined), { what: `membership ${status}`, timeoutMs: 20_000 });
  const factTypes = async (id: string) => (await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", id).execute()).map((f) => f.type).sort();
  const dunningMails = async (planName: string) =>
    (await t.db.selectFrom("activity_log").select("summary").where("type", "=", "membership.dunning").execute()).filter((r) => r.summary.includes(`your ${planName} payment failed`)).length;
  const processed = (eventId: string) =>
    waitFor(async () => {
      const r = await t.db.selectFrom("webhook_events").select(["status", "outcome", "error"]).where("external_id", "=", eventId).executeTakeFirst();
      return r && r.status !== "received" ? r : undefined;
    }, { what: `callback ${eventId} processed`, timeoutMs: 20_000 });
  /** The subscription's events our endpoint listens to (its own and its invoices'), newest first, as Stripe lists them. */
  const eventsOf = async (sub: string) =>
    (await stripeApi().events.list({ limit: 100 })).data.filter((e) => (STRIPE_EVENTS as readonly string[]).includes(e.type) && JSON.stringify(e.data.object).includes(sub));

  it("subscribes, renews, fails, recovers and ends exactly as Stripe says, whatever the order and repetition of its callbacks", async () => {
    const plan = await planWith(25);
    const orgSlug = (await t.db.selectFrom("organizations").select("slug").where("id", "=", t.orgId).executeTakeFirstOrThrow()).slug;
    const { url, membershipId } = await startMembership(t.db, orgSlug, { planId: plan.id, name: "Rita Renew", email: "Rita@Example.com" }, {
      success: (id) => `${app.url}/api/public/members/${orgSlug}/welcome?membership=${id}&session_id={CHECKOUT_SESSION_ID}`,
      cancel: `${app.url}/m/${orgSlug}`,
    });
    const pending = await row(membershipId);
    expect([pending.status, pending.email]).toEqual(["pending", "rita@example.com"]);
    const paid = await pay(url);
    expect(paid.status).toBe(303);
    // The return URL carries the checkout id: only the browser that paid knows it.
    const back = new URL(paid.headers.get("location")!);
    expect(await membershipOfCheckoutReturn(t.db, t.orgId, back.searchParams.get("membership")!, back.searchParams.get("session_id")!)).not.toBeNull();
    expect(await membershipOfCheckoutReturn(t.db, t.orgId, membershipId, "cs_guessed")).toBeNull();

    await until(membershipId, "active");
    const active = await row(membershipId);
    expect(active.provider_subscription_id).toMatch(/^sub_/);
    expect(active.current_period_end!.getTime()).toBeGreaterThan(Date.now());
    const sub = active.provider_subscription_id!;
    const customer = await t.db.selectFrom("payment_customers").selectAll().where("id", "=", active.payment_customer_id!).executeTakeFirstOrThrow();
    expect((await stripeApi().subscriptions.retrieve(sub)).customer).toBe(customer.provider_customer_id);
    // "Manage card or cancel": a fresh portal session for the member's customer, back to their page.
    const portal = await memberPortalUrl(t.db, active, `${app.url}/m/${orgSlug}/me/x`);
    expect(portal.startsWith(sandbox.url)).toBe(true);
    const portalPage = await fetch(portal);
    expect(portalPage.status).toBe(200);
    expect(await portalPage.text()).toContain("rita@example.com");

    await sandbox.control("stripe/subscription-clock", { subscription: sub, action: "renew" });
    await waitFor(async () => ((await factTypes(membershipId)).includes("membership.renewed") ? true : undefined), { what: "the renewal told", timeoutMs: 20_000 });

    await sandbox.control("stripe/subscription-clock", { subscription: sub, action: "renew-failing", decline_code: "insufficient_funds" });
    await until(membershipId, "past_due");
    await waitFor(async () => ((await dunningMails(plan.name)) === 1 ? true : undefined), { what: "one dunning mail", timeoutMs: 20_000 });
    // Stripe sends the failure again: still one mail.
    const [failure] = (await eventsOf(sub)).filter((e) => e.type === "invoice.payment_failed");
    await sandbox.control("stripe/resend", { event: failure!.id, times: 3 });
    await processed(failure!.id);
    expect(await dunningMails(plan.name)).toBe(1);

    // Our route is down while the card is fixed, the next renewal fails and the member cancels.
    const before = new Set((await eventsOf(sub)).map((e) => e.id));
    callbacksDown = true;
    let missed: Awaited<ReturnType<typeof eventsOf>> = [];
    try {
      await sandbox.control("stripe/subscription-clock", { subscription: sub, action: "pay" });
      await sandbox.control("stripe/subscription-clock", { subscription: sub, action: "renew-failing", decline_code: "insufficient_funds" });
      await sandbox.control("stripe/subscription-clock", { subscription: sub, action: "cancel" });
      missed = (await eventsOf(sub)).filter((e) => !before.has(e.id));
      expect(missed.map((e) => e.type)).toEqual(expect.arrayContaining(["customer.subscription.deleted", "customer.subscription.updated", "invoice.paid", "invoice.payment_failed"]));
      await waitFor(async () => {
        const { deliveries } = (await (await fetch(`${sandbox.url}/_sandbox/stripe/deliveries`)).json()) as { deliveries: Array<{ eventId: string; attempt: number }> };
        return missed.every((e) => deliveries.some((d) => d.eventId === e.id && d.attempt === 3)) ? true : undefined;
      }, { what: "the failed deliveries", timeoutMs: 20_000 });
    } finally {
      callbacksDown = false;
    }
    // Resent newest first: the deletion, then the older "updated" (past due, then active) and the invoices.
    expect(missed[0]!.type).toBe("customer.subscription.deleted");
    for (const e of missed) {
      await sandbox.control("stripe/resend", { event: e.id });
      const r = await processed(e.id);
      expect(r.status, `${e.type}: ${r.error}`).not.toBe("failed");
      expect((await row(membershipId)).status).toBe("cancelled");
    }
    // And all of them once more: a replay changes nothing.
    for (const e of missed) await sandbox.control("stripe/resend", { event: e.id });
    const end = await row(membershipId);
    expect(end.status).toBe("cancelled");
    expect(end.cancelled_at).not.toBeNull();
    // The second failure reached us only after the membership had ended: no dunning mail for it.
    expect(await dunningMails(plan.name)).toBe(1);
    expect(await factTypes(membershipId)).toEqual(["membership.cancelled", "membership.past_due", "membership.renewed", "membership.renewed", "membership.started"]);
  });
});
