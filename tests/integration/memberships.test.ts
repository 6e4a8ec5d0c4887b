// Buyers as Stripe customers and memberships by subscription, against the
// sandbox and a real Postgres: one customer per e-mail even under concurrency,
// checkout that never waits on the customer, plans as Stripe prices, member prices
// only for an active membership behind a valid cookie (and only the memberships
// the cookie vouches for), a repeated checkout at its own prices, a member-priced
// refund, and membership state that ends right whatever order its callbacks come
// in, or race in. The return from a subscription checkout: membership-return.test.ts.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startCheckout } from "@/lib/checkout/start";
import { availableGateways, gatewayContext } from "@/lib/checkout/gateways";
import { memberPortalUrl, updatePlan, createPlan } from "@/lib/checkout/plan-billing";
import { membershipOfCheckoutReturn } from "@/lib/memberships/public";
import { MEMBER_LINK_SENT, redeemMemberLink, requestMemberLink } from "@/lib/memberships/sign-in";
import { requestRefund } from "@/lib/checkout/refunds";
import { ensurePaymentCustomer } from "@/lib/customers/ensure";
import { memberCookieName, memberCookieValue, memberProofFromCookie, type MemberProof } from "@/lib/memberships/member-cookie";
import { activeGrants } from "@/lib/memberships/pricing";
import { applySubscription, type SubscriptionState } from "@/lib/memberships/state";
import { recordMembershipInvoice } from "@/lib/memberships/invoices";
import type { PlanMembershipStatus } from "@/lib/db/schema";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { useMembershipHarness } from "../helpers/membership-harness";
import { waitFor } from "../helpers/wait";
import { nthMailTo } from "../helpers/account-mail";
import { SMTP_VARIABLES } from "@/lib/mailer/config";

const h = useMembershipHarness("sk_test_memberships0001");
const { t, sandbox, stripeApi, pay, planWith } = h;

async function stripeGateway() {
  const [g] = await availableGateways(t.db, t.orgId);
  return { customers: g!.gateway.payments.customers!, ctx: await gatewayContext(t.db, g!.gateway, g!.row) };
}

const order = (id: string) => t.db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const buy = (ticketTypeId: string, email: string, quantity = 1) => ({ name: "Mia Member", email, attempt: randomUUID(), items: [{ ticketTypeId, quantity }] });

async function membership(planId: string, email: string, status: PlanMembershipStatus = "active") {
  return t.db
    .insertInto("plan_memberships")
    .values({ org_id: t.orgId, plan_id: planId, name: "Mia Member", email, status, provider_subscription_id: status === "pending" ? null : `sub_${randomUUID().replace(/-/g, "")}` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

function cookiesOf(orgId: string, proof: MemberProof) {
  const value = memberCookieValue(appKeyring(), orgId, proof);
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
    // At most the one call that made the customer may say it is new.
    expect(rows.filter((r) => !r.known).length).toBeLessThanOrEqual(1);
  });

  it("says whether the customer existed before: made now, kept by us, or found at Stripe", async () => {
    const { customers, ctx } = await stripeGateway();
    const made = await ensurePaymentCustomer(t.db, customers, ctx, { email: "Nell@example.com", name: "Nell New" });
    expect(made.known).toBe(false);
    const again = await ensurePaymentCustomer(t.db, customers, ctx, { email: "nell@example.com", name: "Someone Else" });
    expect([again.id, again.known]).toEqual([made.id, true]);
    // Made in the Stripe dashboard (or by another app) before we ever saw the address.
    const theirs = await stripeApi().customers.create({ email: "olga@example.com", name: "Olga Old" });
    const found = await ensurePaymentCustomer(t.db, customers, ctx, { email: "olga@example.com", name: "Olga Old" });
    expect([found.provider_customer_id, found.known]).toEqual([theirs.id, true]);
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
    const { value, reader } = cookiesOf(t.orgId, { email: "mia@example.com" });
    const total = async (cookies?: (n: string) => string | undefined) => (await order((await startCheckout(t.db, event.slug, buy(ticketType.id, "mia@example.com", 2), undefined, cookies)).orderId)).total_minor;

    expect(await total(reader)).toBe(4000);
    expect(await total()).toBe(5000);
    const forged = value.slice(0, -2) + (value.endsWith("AA") ? "BB" : "AA");
    expect(await total((n) => (n === memberCookieName(t.orgId) ? forged : undefined))).toBe(5000);
    const otherOrg = (await makeOrg(t.db, "Other")).id;
    const theirs = memberCookieValue(appKeyring(), otherOrg, { email: "mia@example.com" });
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
    const { reader } = cookiesOf(t.orgId, { email: "vip-only@example.com" });
    const { orderId } = await startCheckout(t.db, event.slug, buy(ticketType.id, "vip-only@example.com"), undefined, reader);
    expect((await order(orderId)).total_minor).toBe(2500);
  });

  it("prices with only the membership a checkout return vouches for, and with every one of the address's after its sign-in link", async () => {
    const modest = await planWith(10, "General");
    const better = await planWith(50, "General");
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "20", capacity: 50 });
    const paidFor = await membership(modest.id, "two-plans@example.com");
    const other = await membership(better.id, "two-plans@example.com");
    const total = async (proof: MemberProof) =>
      (await order((await startCheckout(t.db, event.slug, buy(ticketType.id, "two-plans@example.com"), undefined, cookiesOf(t.orgId, proof).reader)).orderId)).total_minor;

    // Back from paying for the modest plan: the better plan of the same address is not this browser's to use.
    expect(await total({ membershipId: paidFor.id })).toBe(1800);
    expect((await activeGrants(t.db, t.orgId, { membershipId: paidFor.id })).map((g) => g.planName)).toEqual([modest.name]);
    // The sign-in link showed the inbox is theirs: the best of all the address's memberships.
    expect(await total({ email: "two-plans@example.com" })).toBe(1000);
    expect((await activeGrants(t.db, t.orgId, { email: "Two-Plans@example.com" })).map((g) => g.planName).sort()).toEqual([modest.name, better.name].sort());
    // The one membership must be active, and of this organization.
    await t.db.updateTable("plan_memberships").set({ status: "past_due" }).where("id", "=", paidFor.id).execute();
    expect(await total({ membershipId: paidFor.id })).toBe(2000);
    expect(await activeGrants(t.db, (await makeOrg(t.db, "Not theirs either")).id, { membershipId: other.id })).toEqual([]);
  });

  it("opens a repeated submit at the prices its order was made with, after the member cookie is gone", async () => {
    const plan = await planWith(20, "General");
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    await membership(plan.id, "twice@example.com");
    const input = buy(ticketType.id, "twice@example.com", 2);
    const first = await startCheckout(t.db, event.slug, input, undefined, cookiesOf(t.orgId, { email: "twice@example.com" }).reader);
    // The same attempt again (a retry, a double click) from a browser that no longer sends the cookie.
    const again = await startCheckout(t.db, event.slug, input);
    expect([again.orderId, again.url]).toEqual([first.orderId, first.url]);
    const o = await order(first.orderId);
    expect(o.total_minor).toBe(4000);
    expect((await stripeApi().checkout.sessions.retrieve(o.checkout_id!)).amount_total).toBe(4000);

    // And the other way round: a cookie gained between two submits does not re-price the order made without it.
    const plain = buy(ticketType.id, "twice@example.com");
    const full = await startCheckout(t.db, event.slug, plain);
    const retried = await startCheckout(t.db, event.slug, plain, undefined, cookiesOf(t.orgId, { email: "twice@example.com" }).reader);
    expect([retried.orderId, retried.url]).toEqual([full.orderId, full.url]);
    expect((await stripeApi().checkout.sessions.retrieve((await order(full.orderId)).checkout_id!)).amount_total).toBe(2500);
  });

  it("registers a member at once when the plan makes the ticket free", async () => {
    const plan = await planWith(100);
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    await membership(plan.id, "free@example.com");
    const { reader } = cookiesOf(t.orgId, { email: "free@example.com" });
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
    const { reader } = cookiesOf(t.orgId, { email: "ref@example.com" });
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
    const smtp = Object.fromEntries(SMTP_VARIABLES.flatMap((name) => (sandbox.appEnv[name] === undefined ? [] : [[name, sandbox.appEnv[name]]])));
    Object.assign(process.env, smtp);
    try {
      expect(await requestMemberLink(t.db, appKeyring(), org, { email: " Linked@Example.com" }, "/e/some-event")).toBe(MEMBER_LINK_SENT);
      const mail = await nthMailTo(sandbox, "linked@example.com", 1);
      const token = /\/sign-in\/([A-Za-z0-9_-]{43})\?next=%2Fe%2Fsome-event/.exec(mail.text ?? "")![1]!;
      // The activity log says the mail went, and holds neither the sign-in link nor the membership page's.
      const logged = await waitFor(
        async () => (await t.db.selectFrom("activity_log").select("summary").where("org_id", "=", t.orgId).where("type", "=", "membership.sign_in_link").execute()).find((r) => r.summary.includes("E-mailed to linked@example.com")),
        { what: "the sign-in mail's outcome in the activity log", timeoutMs: 20_000 },
      );
      expect(logged.summary).toContain("asked for a member sign-in link");
      expect(logged.summary).not.toContain(token);
      expect(logged.summary).not.toMatch(/\/sign-in\/|\/me\//);
      expect(await redeemMemberLink(t.db, (await makeOrg(t.db, "Not theirs")).id, token)).toBeNull();
      expect(await redeemMemberLink(t.db, t.orgId, token)).toBe("linked@example.com");
      expect(await redeemMemberLink(t.db, t.orgId, token)).toBeNull();
    } finally {
      for (const name of Object.keys(smtp)) delete process.env[name];
    }
    // The cookie it leads to is this organization's only.
    const cookie = cookiesOf(t.orgId, { email: "linked@example.com" }).value;
    expect(memberProofFromCookie(appKeyring(), t.orgId, cookie)).toEqual({ email: "linked@example.com" });
    expect(memberProofFromCookie(appKeyring(), (await makeOrg(t.db, "Else")).id, cookie)).toBeNull();
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
  /** A callback whose read of the subscription answers `s`. */
  const apply = (s: SubscriptionState) => applySubscription(t.db, appKeyring(), { orgId: s.orgId, connectionId: s.connectionId, subscriptionId: s.subscriptionId }, async () => s);
  const facts = async (id: string) => (await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", id).orderBy("occurred_at").execute()).map((f) => f.type);
  const newSub = () => `sub_${randomUUID().replace(/-/g, "")}`;
  const pendingMembership = async (planId: string, priceId: string | null, email: string) =>
    t.db
      .insertInto("plan_memberships")
      .values({ org_id: t.orgId, plan_id: planId, name: "Sam", email, connection_id: await h.connectionId(), provider_price_id: priceId })
      .returningAll()
      .executeTakeFirstOrThrow();
  /** A transaction of this test's database waits for an advisory lock. */
  const waitingOnAdvisoryLock = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database
        where d.datname = current_database() and l.locktype = 'advisory' and not l.granted`.execute(t.db)
    ).rows[0]!.n > 0;

  it("tells each transition once and welcomes once; a replay changes nothing and a cancelled membership stays cancelled", async () => {
    const plan = await planWith(10);
    const connectionId = await h.connectionId();
    const m = await pendingMembership(plan.id, plan.provider_price_id, "sam@example.com");
    const sub = newSub();
    const s = (status: PlanMembershipStatus, over?: Partial<SubscriptionState>) => state(m, sub, status, { connectionId, priceId: plan.provider_price_id, ...over });

    expect((await apply(s("active"))).outcome).toBe("changed");
    expect((await apply(s("active"))).outcome).toBe("unchanged");
    // Found by the subscription id from now on, whatever the metadata says.
    expect((await apply(s("active", { membershipId: null }))).outcome).toBe("unchanged");
    await apply(s("past_due"));
    await apply(s("active", { currentPeriodEnd: new Date("2031-02-01T00:00:00Z") }));
    await apply(s("cancelled"));
    const late = await apply(s("active"));
    expect(late.outcome === "unknown" ? null : late.membership.status).toBe("cancelled");
    expect(await facts(m.id)).toEqual(["membership.started", "membership.past_due", "membership.cancelled"]);
    const row = await h.membershipRow(m.id);
    expect([row.provider_subscription_id, row.status]).toEqual([sub, "cancelled"]);
    expect(row.started_at).not.toBeNull();
    expect(row.cancelled_at).not.toBeNull();
    // The welcome mail went with the start only: not with the replays, nor with the recovery from past due.
    expect(await h.mails("membership.welcome", `welcome to ${plan.name}.`)).toHaveLength(1);
  });

  it("ignores a subscription of another organization or one it has never seen", async () => {
    const other = (await makeOrg(t.db, "Elsewhere")).id;
    const plan = await planWith(10);
    const m = await membership(plan.id, "x@example.com", "pending");
    expect((await apply({ ...state(m, "sub_unseen", "active"), orgId: other })).outcome).toBe("unknown");
    expect((await apply({ ...state(m, "sub_unseen", "active"), membershipId: "not-a-uuid" })).outcome).toBe("unknown");
  });

  it("attaches a first callback only when it comes through the membership's connection at the membership's price", async () => {
    const plan = await planWith(10);
    const connectionId = await h.connectionId();
    const m = await pendingMembership(plan.id, plan.provider_price_id, "fay@example.com");
    const sub = newSub();
    const s = (over: Partial<SubscriptionState>) => state(m, sub, "active", { connectionId, priceId: plan.provider_price_id, ...over });

    // The metadata names our membership, but the subscription is another connection's, or bills another price.
    expect((await apply(s({ connectionId: randomUUID() }))).outcome).toBe("unknown");
    expect((await apply(s({ priceId: "price_someone_elses" }))).outcome).toBe("unknown");
    expect((await apply(s({ priceId: null }))).outcome).toBe("unknown");
    const untouched = await h.membershipRow(m.id);
    expect([untouched.status, untouched.provider_subscription_id, untouched.started_at]).toEqual(["pending", null, null]);
    expect(await facts(m.id)).toEqual([]);
    expect(await h.mails("membership.welcome", `welcome to ${plan.name}.`)).toHaveLength(0);

    expect((await apply(s({}))).outcome).toBe("changed");
    expect((await h.membershipRow(m.id)).provider_subscription_id).toBe(sub);
  });

  it("applies two callbacks of one subscription in the order they read it: the newer read wins", async () => {
    const plan = await planWith(10);
    const connectionId = await h.connectionId();
    const sub = newSub();
    const m = await t.db
      .insertInto("plan_memberships")
      .values({
        org_id: t.orgId,
        plan_id: plan.id,
        name: "Lena",
        email: "lena@example.com",
        connection_id: connectionId,
        provider_price_id: plan.provider_price_id,
        provider_subscription_id: sub,
        status: "active",
        started_at: new Date(),
        current_period_end: new Date("2030-12-01T00:00:00Z"),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const key = { orgId: t.orgId, connectionId, subscriptionId: sub };
    const older = state(m, sub, "active", { connectionId, priceId: plan.provider_price_id, currentPeriodEnd: new Date("2031-01-01T00:00:00Z") });
    const newer = state(m, sub, "past_due", { connectionId, priceId: plan.provider_price_id, currentPeriodEnd: new Date("2031-02-01T00:00:00Z") });

    // The first callback's read is slow: it has read the older state but not returned yet.
    let firstReading = false;
    let answerFirst!: () => void;
    const firstRead = new Promise<void>((resolve) => (answerFirst = resolve));
    const first = applySubscription(t.db, appKeyring(), key, async () => {
      firstReading = true;
      await firstRead;
      return older;
    });
    await waitFor(async () => firstReading || undefined, { what: "the first callback reading the subscription" });
    let secondDone = false;
    const second = applySubscription(t.db, appKeyring(), key, async () => newer).finally(() => {
      secondDone = true;
    });
    // The second callback either waits for the first one's lock, or (with no lock across the read) has already applied.
    await waitFor(async () => secondDone || (await waitingOnAdvisoryLock()) || undefined, { what: "the second callback waiting or done" });
    answerFirst();
    await Promise.all([first, second]);

    const end = await h.membershipRow(m.id);
    expect([end.status, end.current_period_end?.toISOString()]).toEqual(["past_due", "2031-02-01T00:00:00.000Z"]);
    expect(await facts(m.id)).toEqual(["membership.past_due"]);
  });

  it("sends one dunning e-mail per failed invoice and tells a paid renewal once", async () => {
    const plan = await planWith(10);
    const connectionId = await h.connectionId();
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
    // Once the job has written how it went, the log line says what happened but not the membership page's link.
    const told = await waitFor(
      async () => {
        const rows = await t.db.selectFrom("activity_log").select("summary").where("org_id", "=", t.orgId).where("type", "=", "membership.dunning").execute();
        return rows.every((r) => !r.summary.endsWith("queued on the platform mailer.")) ? rows : undefined;
      },
      { what: "the dunning mails' outcomes", timeoutMs: 20_000 },
    );
    for (const r of told) {
      expect(r.summary).toContain("membership is past due");
      expect(r.summary).not.toMatch(/\/me\/|\/m\//);
    }
    expect(await facts(m.id)).toEqual(["membership.renewed"]);
  });
});

describe("memberships billed by Stripe subscriptions", () => {
  const { membershipRow: row, until, eventsOf, processed } = h;
  const factTypes = async (id: string) => (await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", id).execute()).map((f) => f.type).sort();
  const dunningMails = async (planName: string) => (await h.mails("membership.dunning", `your ${planName} payment failed`)).length;

  it("subscribes, renews, fails, recovers and ends exactly as Stripe says, whatever the order and repetition of its callbacks", async () => {
    const plan = await planWith(25);
    const orgSlug = await h.orgSlug();
    const { url, membershipId } = await h.subscribe(plan.id, "Rita@Example.com", "Rita Renew");
    const pending = await row(membershipId);
    expect([pending.status, pending.email]).toEqual(["pending", "rita@example.com"]);
    const paid = await pay(url);
    expect(paid.status).toBe(303);
    // The return URL names the membership's checkout (what the welcome route then asks Stripe about: membership-return.test.ts).
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
    const portal = await memberPortalUrl(t.db, active, `${h.appUrl()}/m/${orgSlug}/me/x`);
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
    let missed: Awaited<ReturnType<typeof eventsOf>> = [];
    await h.whileCallbacksDown(async () => {
      await sandbox.control("stripe/subscription-clock", { subscription: sub, action: "pay" });
      await sandbox.control("stripe/subscription-clock", { subscription: sub, action: "renew-failing", decline_code: "insufficient_funds" });
      await sandbox.control("stripe/subscription-clock", { subscription: sub, action: "cancel" });
      missed = (await eventsOf(sub)).filter((e) => !before.has(e.id));
      expect(missed.map((e) => e.type)).toEqual(expect.arrayContaining(["customer.subscription.deleted", "customer.subscription.updated", "invoice.paid", "invoice.payment_failed"]));
      await waitFor(async () => {
        const { deliveries } = (await (await fetch(`${sandbox.url}/_sandbox/stripe/deliveries`)).json()) as { deliveries: Array<{ eventId: string; attempt: number }> };
        return missed.every((e) => deliveries.some((d) => d.eventId === e.id && d.attempt === 3)) ? true : undefined;
      }, { what: "the failed deliveries", timeoutMs: 20_000 });
    });
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
    expect(await h.mails("membership.welcome", `welcome to ${plan.name}.`)).toHaveLength(1);
    expect(await factTypes(membershipId)).toEqual(["membership.cancelled", "membership.past_due", "membership.renewed", "membership.renewed", "membership.started"]);
  });
});
