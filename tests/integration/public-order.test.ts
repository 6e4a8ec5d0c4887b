// The public page's one order: free-only orders register at once as one order
// (several types, no gateway needed, a repeated submit finds the first); an order
// with paid tickets holds every place (free ones too) in one pending order whose
// total is the paid tickets' alone, and the gateway bills exactly that.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/domain/errors";
import { addTicketType } from "@/lib/domain/events/service";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { cancelPendingOrder, markOrderPaid } from "@/lib/domain/orders/settle";
import { registerFreeOrder } from "@/lib/domain/registrations/register-free";
import { startCheckout } from "@/lib/checkout/start";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { stripeClient } from "@/lib/integrations/stripe/client";
import { appKeyring } from "@/lib/vault/app-keyring";
import { attemptAfterRefusal } from "@/components/events/order-attempt";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { startAppServer } from "../helpers/app-server";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
let app: Awaited<ReturnType<typeof startAppServer>>;
let POST: typeof import("@/app/api/public/events/[slug]/checkout/route").POST;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const webhooks = await import("@/app/api/webhooks/[provider]/route");
  app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: webhooks.POST as never }]);
  process.env.APP_URL = app.url;
  ({ POST } = await import("@/app/api/public/events/[slug]/checkout/route"));
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

let n = 0;
const buyer = () => ({ name: `Buyer ${++n}`, email: `buyer${n}@example.com`, attempt: randomUUID() });

/** An event of this test's own organization with a paid type (20.00 EUR) and a free one. */
async function mixedEvent(orgId: string, opts: { capacity?: number; paidQuantity?: number; freeQuantity?: number } = {}) {
  const { event, ticketType: paid } = await makePublishedEvent(t.db, orgId, { capacity: opts.capacity ?? 10, price: "20", quantity: opts.paidQuantity ?? 100 });
  const free = await addTicketType(t.db, orgId, event.id, { name: "Community", price: "0", currency: "EUR", quantity: opts.freeQuantity ?? 100 });
  return { event, paid, free };
}

async function held(eventId: string) {
  return t.db.selectFrom("attendees").select(["ticket_type_id", "status", "order_id", "price_paid_minor"]).where("event_id", "=", eventId).where("status", "in", ["pending", "paid"]).execute();
}

function call(slug: string, body: unknown) {
  const req = new Request(`http://localhost/api/public/events/${slug}/checkout`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${n % 250}` }, body: JSON.stringify(body) });
  return POST(req, { params: Promise.resolve({ slug }) });
}

describe("a free-only order", () => {
  it("registers several free types at once as one order, with no payment method set up", async () => {
    // An organization with no gateway at all: free tickets never need one.
    const org = await makeOrg(t.db, "No Payments Org");
    const { event, ticketType: general } = await makePublishedEvent(t.db, org.id, { capacity: 10 });
    const students = await addTicketType(t.db, org.id, event.id, { name: "Students", price: "0", currency: "EUR", quantity: 5 });
    const input = { ...buyer(), items: [{ ticketTypeId: general.id, quantity: 2 }, { ticketTypeId: students.id, quantity: 1 }] };
    const res = await call(event.slug, input);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ registered: true, url: `${app.url}/e/${event.slug}/orders/${body.orderId}` });
    const order = await t.db.selectFrom("orders").selectAll().where("id", "=", body.orderId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ status: "paid", total_minor: 0, buyer_email: input.email, payment_provider: null, hold_expires_at: null });
    const tickets = await held(event.id);
    expect(tickets.map((a) => a.ticket_type_id).sort()).toEqual([general.id, general.id, students.id].sort());
    expect(tickets.every((a) => a.status === "paid" && a.order_id === order.id && a.price_paid_minor === 0)).toBe(true);
    const facts = await t.db.selectFrom("domain_events").select(["type", "payload"]).where("aggregate_id", "=", order.id).execute();
    expect(facts.map((f) => f.type)).toEqual(["registration.created"]);
    const names = (facts[0]!.payload as { attendees: { ticketTypeName: string }[] }).attendees.map((a) => a.ticketTypeName).sort();
    expect(names).toEqual(["General", "General", "Students"]);

    // The same submit again (a double click, a retry) finds that order; nothing more is taken.
    const again = await call(event.slug, input);
    expect(again.status).toBe(201);
    expect((await again.json()).orderId).toBe(body.orderId);
    expect(await held(event.id)).toHaveLength(3);

    // Nothing chosen, or a type that is not this event's: said on the form, not "payments are not set up".
    const none = await call(event.slug, { ...buyer(), items: [{ ticketTypeId: general.id, quantity: 0 }] });
    expect([none.status, (await none.json()).fields]).toEqual([400, { items: ["Choose at least one ticket"] }]);
    const foreign = await call(event.slug, { ...buyer(), items: [{ ticketTypeId: randomUUID(), quantity: 1 }] });
    expect([foreign.status, (await foreign.json()).fields]).toEqual([400, { "items.0.ticketTypeId": ["This ticket type is not offered for this event"] }]);
  });

  it("gives out the last free places once, however many order at the same moment", async () => {
    const org = await makeOrg(t.db, "Race Org");
    const { event, ticketType } = await makePublishedEvent(t.db, org.id, { capacity: 3 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(ConflictError);
      expect((r.reason as Error).message).toBe("Sold out: there are no places left.");
    }
    expect(await held(event.id)).toHaveLength(3);
  });

  it("names the type that is short when several are ordered, and takes nothing then", async () => {
    const org = await makeOrg(t.db, "Short Org");
    const { event, ticketType: general } = await makePublishedEvent(t.db, org.id, { capacity: 10 });
    const vip = await addTicketType(t.db, org.id, event.id, { name: "Backstage", price: "0", currency: "EUR", quantity: 1 });
    await expect(registerFreeOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: general.id, quantity: 1 }, { ticketTypeId: vip.id, quantity: 2 }] })).rejects.toThrow("Only 1 Backstage ticket left.");
    expect(await held(event.id)).toHaveLength(0);
  });

  it("refuses a paid type and a foreign type with what to fix", async () => {
    const { event, paid } = await mixedEvent(t.orgId);
    const other = await makePublishedEvent(t.db, t.orgId);
    await expect(registerFreeOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: paid.id, quantity: 1 }] })).rejects.toThrow(/paid tickets are bought through checkout/);
    await expect(registerFreeOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: other.ticketType.id, quantity: 1 }] })).rejects.toMatchObject({ fieldErrors: { "items.0.ticketTypeId": ["This ticket type is not offered for this event"] } });
    await expect(registerFreeOrder(t.db, event.slug, { name: "", email: "nope", attempt: randomUUID(), items: [] })).rejects.toMatchObject({ fieldErrors: { name: ["Enter your name"], email: [expect.stringMatching(/valid e-mail/)], items: ["Choose at least one ticket"] } });
    expect(await held(event.id)).toHaveLength(0);
  });
});

describe("an order with paid and free tickets", () => {
  it("holds every place in one pending order whose total is the paid tickets' alone, and settles them together", async () => {
    const { event, paid, free } = await mixedEvent(t.orgId);
    const pending = await createPendingOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: paid.id, quantity: 1 }, { ticketTypeId: free.id, quantity: 2 }] }, "stripe");
    expect(pending.order).toMatchObject({ status: "pending", total_minor: 2000, currency: "EUR" });
    expect(pending.lines.map((l) => [l.name, l.unitMinor, l.quantity])).toEqual([["General", 2000, 1], ["Community", 0, 2]]);
    expect((await held(event.id)).map((a) => [a.status, a.price_paid_minor]).sort()).toEqual([["pending", 0], ["pending", 0], ["pending", 2000]]);

    expect(await markOrderPaid(t.db, pending.order.id, { paymentIntentId: "pi_mixed" })).toBe("changed");
    expect((await held(event.id)).every((a) => a.status === "paid")).toBe(true);
    const fact = await t.db.selectFrom("domain_events").select("payload").where("aggregate_id", "=", pending.order.id).where("type", "=", "ticket.purchased").executeTakeFirstOrThrow();
    expect((fact.payload as { attendees: unknown[]; order: { totalMinor: number } }).attendees).toHaveLength(3);
    expect((fact.payload as { order: { totalMinor: number } }).order.totalMinor).toBe(2000);
  });

  it("releases the free places with the paid ones when checkout ends", async () => {
    const { event, paid, free } = await mixedEvent(t.orgId, { capacity: 3 });
    const { order } = await createPendingOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: paid.id, quantity: 1 }, { ticketTypeId: free.id, quantity: 2 }] }, "stripe");
    // Every place is held, the free ones included: nobody can register meanwhile.
    await expect(registerFreeOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: free.id, quantity: 1 }] })).rejects.toThrow("Sold out");
    expect(await cancelPendingOrder(t.db, order.id)).toBe("changed");
    expect(await held(event.id)).toHaveLength(0);
    await registerFreeOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: free.id, quantity: 3 }] });
  });

  it("never sells a place twice when mixed and free orders race for the last ones", async () => {
    const { event, paid, free } = await mixedEvent(t.orgId, { capacity: 4 });
    const mixed = () => createPendingOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: paid.id, quantity: 1 }, { ticketTypeId: free.id, quantity: 1 }] }, "stripe");
    const freeOnly = () => registerFreeOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: free.id, quantity: 1 }] });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => (i % 2 ? mixed() : freeOnly())));
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === "rejected")) expect(r.reason).toBeInstanceOf(ConflictError);
    const taken = await held(event.id);
    expect(taken.length).toBeLessThanOrEqual(4);
    // Whatever won, the places fill up exactly: no order got a part of what it asked for.
    const byOrder = new Map<string, number>();
    for (const a of taken) byOrder.set(a.order_id, (byOrder.get(a.order_id) ?? 0) + 1);
    expect(taken.length).toBe(4);
    expect([...byOrder.values()].every((k) => k === 1 || k === 2)).toBe(true);
  });

  it("takes the currency from the paid tickets, and refuses an order whose every ticket is free", async () => {
    const { event, paid } = await mixedEvent(t.orgId);
    const freeUsd = await addTicketType(t.db, t.orgId, event.id, { name: "Guest", price: "0", currency: "USD", quantity: 10 });
    const { order } = await createPendingOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: paid.id, quantity: 2 }, { ticketTypeId: freeUsd.id, quantity: 1 }] }, "stripe");
    expect([order.total_minor, order.currency.trim()]).toEqual([4000, "EUR"]);
    await expect(createPendingOrder(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: freeUsd.id, quantity: 1 }] }, "stripe")).rejects.toThrow(ConflictError);
  });

  it("refuses paid tickets while no payment method is set up, and takes no place", async () => {
    const org = await makeOrg(t.db, "Unpaid Org");
    const { event, ticketType: paid } = await makePublishedEvent(t.db, org.id, { price: "20" });
    const free = await addTicketType(t.db, org.id, event.id, { name: "Community", price: "0", currency: "EUR", quantity: 10 });
    const res = await call(event.slug, { ...buyer(), items: [{ ticketTypeId: paid.id, quantity: 1 }, { ticketTypeId: free.id, quantity: 1 }] });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/has not set up payments yet/);
    expect(await held(event.id)).toHaveLength(0);
  });

  it("bills the gateway for the paid tickets alone, and paying gives the buyer every ticket of the order", async () => {
    await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields: { secretKey: "sk_test_switchboard0001", publishableKey: "pk_test_switchboard0001" } });
    const { event, paid, free } = await mixedEvent(t.orgId);
    const res = await call(event.slug, { ...buyer(), items: [{ ticketTypeId: paid.id, quantity: 2 }, { ticketTypeId: free.id, quantity: 1 }] });
    expect(res.status).toBe(201);
    const { url, orderId, registered } = await res.json();
    expect(registered).toBe(false);
    expect(url.startsWith(`${sandbox.url}/checkout/pay/`)).toBe(true);

    const order = await t.db.selectFrom("orders").select(["checkout_id", "total_minor"]).where("id", "=", orderId).executeTakeFirstOrThrow();
    const stripe = stripeClient(sandbox.url, "sk_test_switchboard0001");
    const session = await stripe.checkout.sessions.retrieve(order.checkout_id!, { expand: ["line_items"] });
    expect(session.amount_total).toBe(4000);
    expect(order.total_minor).toBe(4000);
    expect(session.line_items!.data.map((l) => [l.description, l.quantity, l.amount_total])).toEqual([[`${event.title}: General`, 2, 4000]]);

    const form = new URLSearchParams({ card_number: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123", name: "Test Buyer", email: "buyer@example.com", action: "pay" });
    expect((await fetch(url, { method: "POST", body: form, redirect: "manual" })).status).toBe(303);
    await waitFor(async () => ((await t.db.selectFrom("orders").select("status").where("id", "=", orderId).executeTakeFirstOrThrow()).status === "paid" ? true : undefined), { what: "the mixed order paid", timeoutMs: 20_000 });
    const tickets = (await held(event.id)).filter((a) => a.order_id === orderId);
    expect(tickets.map((a) => [a.ticket_type_id, a.status]).sort()).toEqual([[paid.id, "paid"], [paid.id, "paid"], [free.id, "paid"]].sort());
  });
});

describe("an attempt whose paid checkout did not open", () => {
  it("is over: the same attempt with free tickets only is refused, and the form's next attempt registers them", async () => {
    // The sandbox's one Stripe account belongs to this file's organization (connecting it again changes nothing).
    await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields: { secretKey: "sk_test_switchboard0001", publishableKey: "pk_test_switchboard0001" } });
    const { event, paid, free } = await mixedEvent(t.orgId);
    const first = buyer();

    await sandbox.control("faults", { provider: "stripe", match: "/v1/checkout/sessions", kind: "status", status: 400, times: 1 });
    const failed = await call(event.slug, { ...first, items: [{ ticketTypeId: paid.id, quantity: 1 }, { ticketTypeId: free.id, quantity: 1 }] });
    expect(failed.status).toBe(409);
    const failedBody = await failed.json();
    expect(failedBody).toMatchObject({ message: expect.stringMatching(/^Payment could not be started/), attemptEnded: true });
    const orders = () => t.db.selectFrom("orders").select(["id", "status"]).where("event_id", "=", event.id).execute();
    expect((await orders()).map((o) => o.status)).toEqual(["cancelled"]);

    // The buyer drops the paid ticket and submits again with the page's same attempt: nothing was registered, so it says so.
    const freeOnly = { ...first, items: [{ ticketTypeId: paid.id, quantity: 0 }, { ticketTypeId: free.id, quantity: 1 }] };
    const same = await call(event.slug, freeOnly);
    expect(same.status).toBe(409);
    const sameBody = await same.json();
    expect(sameBody).toMatchObject({ message: "This checkout has ended. Reload the page to start again.", attemptEnded: true });
    await expect(startCheckout(t.db, event.slug, freeOnly)).rejects.toThrow("This checkout has ended.");
    expect(await held(event.id)).toHaveLength(0);

    // The order form takes a new attempt on either answer, so its next submit registers the free ticket.
    const next = attemptAfterRefusal(first.attempt, sameBody);
    expect(next).not.toBe(first.attempt);
    expect(attemptAfterRefusal(first.attempt, failedBody)).not.toBe(first.attempt);
    const registered = await call(event.slug, { ...freeOnly, attempt: next });
    expect(registered.status).toBe(201);
    const { orderId } = await registered.json();
    expect((await held(event.id)).map((a) => [a.order_id, a.ticket_type_id, a.status])).toEqual([[orderId, free.id, "paid"]]);
    expect((await orders()).map((o) => o.status).sort()).toEqual(["cancelled", "paid"]);
  });

  it("keeps the attempt on any other refusal, so a retry still finds the order it made", async () => {
    const { event, free } = await mixedEvent(t.orgId, { freeQuantity: 1 });
    const input = { ...buyer(), items: [{ ticketTypeId: free.id, quantity: 0 }] };
    const invalid = await call(event.slug, input);
    expect(invalid.status).toBe(400);
    expect(attemptAfterRefusal(input.attempt, await invalid.json())).toBe(input.attempt);
    const short = await call(event.slug, { ...input, items: [{ ticketTypeId: free.id, quantity: 2 }] });
    expect(short.status).toBe(409);
    expect(attemptAfterRefusal(input.attempt, await short.json())).toBe(input.attempt);
  });
});
