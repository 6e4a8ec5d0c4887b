// Paid orders in the domain: places held while checkout is open, released when
// it ends, never oversold under concurrency, and settled idempotently whatever
// order the provider's callbacks come in.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/domain/errors";
import { addTicketType } from "@/lib/domain/events/service";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { applyRefunds, cancelPendingOrder, markOrderPaid, releaseExpiredHolds } from "@/lib/domain/orders/settle";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { isMismatch, settlePaid } from "@/lib/payments/settle-paid";
import { makePublishedEvent } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
const buyer = (i: number) => ({ name: `Buyer ${i}`, email: `buyer${i}@example.com`, attempt: randomUUID() });

async function facts(orderId: string) {
  return (await t.db.selectFrom("domain_events").select(["type", "payload"]).where("aggregate_id", "=", orderId).orderBy("occurred_at").execute());
}

describe("paid orders", () => {
  it("never hold more places than the event has, however many buyers check out at once", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { capacity: 5, price: "20" });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => createPendingOrder(t.db, event.slug, { ...buyer(i), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "stripe")),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === "rejected")) expect(r.reason).toBeInstanceOf(ConflictError);
  });

  it("holds places against free registrations too, and releases them when checkout ends", async () => {
    const { event, ticketType: paid } = await makePublishedEvent(t.db, t.orgId, { capacity: 2, price: "20" });
    const free = await addTicketType(t.db, t.orgId, event.id, { name: "Free", price: "0", currency: "EUR", quantity: 10 });
    const { order } = await createPendingOrder(t.db, event.slug, { ...buyer(1), items: [{ ticketTypeId: paid.id, quantity: 2 }] }, "stripe");
    expect(order.status).toBe("pending");
    expect(order.total_minor).toBe(4000);
    await expect(registerFree(t.db, event.slug, { name: "F", email: "f@example.com", ticketTypeId: free.id, quantity: 1 })).rejects.toThrow("Sold out");
    expect(await cancelPendingOrder(t.db, order.id)).toBe("changed");
    expect(await cancelPendingOrder(t.db, order.id)).toBe("unchanged");
    await registerFree(t.db, event.slug, { name: "F", email: "f@example.com", ticketTypeId: free.id, quantity: 1 });
  });

  it("adds up repeated lines of one ticket type before counting places, alone and under concurrency", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { capacity: 50, quantity: 2, price: "20" });
    const fiveLines = Array.from({ length: 5 }, () => ({ ticketTypeId: ticketType.id, quantity: 1 }));
    await expect(createPendingOrder(t.db, event.slug, { ...buyer(20), items: fiveLines }, "stripe")).rejects.toThrow("Only 2 ");
    const two = await createPendingOrder(t.db, event.slug, { ...buyer(21), items: fiveLines.slice(0, 2) }, "stripe");
    // Merged into one line, so the checkout shows one line of two tickets.
    expect(two.lines).toEqual([expect.objectContaining({ ticketTypeId: ticketType.id, quantity: 2 })]);
    expect(two.order.total_minor).toBe(4000);
    await cancelPendingOrder(t.db, two.order.id);

    const { event: e2, ticketType: t2 } = await makePublishedEvent(t.db, t.orgId, { capacity: 50, quantity: 3, price: "20" });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        createPendingOrder(t.db, e2.slug, { ...buyer(30 + i), items: [{ ticketTypeId: t2.id, quantity: 1 }, { ticketTypeId: t2.id, quantity: 1 }] }, "stripe"),
      ),
    );
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === "rejected")) expect(r.reason).toBeInstanceOf(ConflictError);
    const held = await t.db.selectFrom("attendees").select("id").where("ticket_type_id", "=", t2.id).where("status", "in", ["pending", "paid"]).execute();
    expect(held.length).toBeLessThanOrEqual(3);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("bounds the number of lines and the tickets of one type across lines", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "20" });
    const lines = (n: number, quantity = 1) => Array.from({ length: n }, () => ({ ticketTypeId: ticketType.id, quantity }));
    await expect(createPendingOrder(t.db, event.slug, { ...buyer(40), items: lines(6, 2) }, "stripe")).rejects.toMatchObject({ fieldErrors: { items: ["At most 10 tickets of one type"] } });
    await expect(createPendingOrder(t.db, event.slug, { ...buyer(41), items: lines(1000, 0) }, "stripe")).rejects.toMatchObject({ fieldErrors: { items: ["At most 20 lines per order"] } });
  });

  it("finds the same order when the same checkout is submitted twice", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "20" });
    const input = { ...buyer(2), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] };
    const [a, b] = await Promise.all([createPendingOrder(t.db, event.slug, input, "stripe"), createPendingOrder(t.db, event.slug, input, "stripe")]);
    expect(a.order.id).toBe(b.order.id);
    expect([a.existing, b.existing].sort()).toEqual([false, true]);
    expect((await t.db.selectFrom("attendees").select("id").where("order_id", "=", a.order.id).execute()).length).toBe(2);
  });

  it("refuses an order of free tickets only (they register at once), mixed currencies and empty orders", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "20" });
    const free = await addTicketType(t.db, t.orgId, event.id, { name: "Free", price: "0", currency: "EUR", quantity: 10 });
    const usd = await addTicketType(t.db, t.orgId, event.id, { name: "USD", price: "5", currency: "USD", quantity: 10 });
    const freeOnly = await createPendingOrder(t.db, event.slug, { ...buyer(3), items: [{ ticketTypeId: free.id, quantity: 1 }] }, "stripe").catch((e: unknown) => e);
    expect(freeOnly).toBeInstanceOf(ConflictError);
    expect((freeOnly as Error).message).toBe("These tickets are free: they are registered at once, without checkout.");
    expect(await t.db.selectFrom("attendees").select("id").where("event_id", "=", event.id).execute()).toHaveLength(0);
    await expect(createPendingOrder(t.db, event.slug, { ...buyer(3), items: [{ ticketTypeId: ticketType.id, quantity: 1 }, { ticketTypeId: usd.id, quantity: 1 }] }, "stripe")).rejects.toMatchObject({ fieldErrors: { items: ["Tickets in one order must share a currency"] } });
    await expect(createPendingOrder(t.db, event.slug, { ...buyer(3), items: [{ ticketTypeId: ticketType.id, quantity: 0 }] }, "stripe")).rejects.toMatchObject({ fieldErrors: { items: ["Choose at least one ticket"] } });
  });

  it("settles idempotently and never rolls a later state back", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "20" });
    const { order, attendees } = await createPendingOrder(t.db, event.slug, { ...buyer(4), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] }, "stripe");
    expect(await markOrderPaid(t.db, order.id, { paymentIntentId: "pi_1", chargeId: "ch_1" })).toBe("changed");
    expect(await markOrderPaid(t.db, order.id, { paymentIntentId: "pi_1", chargeId: "ch_1" })).toBe("unchanged");
    // A late "expired" callback does not undo a payment.
    expect(await cancelPendingOrder(t.db, order.id)).toBe("unchanged");

    // One ticket refunded, then the rest.
    expect(await applyRefunds(t.db, order.id, { refundedMinor: 2000, attendeeIds: [attendees[0]!.id] })).toBe("changed");
    expect(await applyRefunds(t.db, order.id, { refundedMinor: 2000, attendeeIds: [attendees[0]!.id] })).toBe("unchanged");
    expect(await applyRefunds(t.db, order.id, { refundedMinor: 4000, attendeeIds: [attendees[0]!.id] })).toBe("changed");
    // A "paid" callback arriving after the refund changes nothing.
    expect(await markOrderPaid(t.db, order.id, { paymentIntentId: "pi_1" })).toBe("unchanged");

    const after = await t.db.selectFrom("orders").selectAll().where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "refunded", refunded_minor: 4000, payment_intent_id: "pi_1", charge_id: "ch_1" });
    const f = await facts(order.id);
    expect(f.map((x) => x.type)).toEqual(["ticket.purchased", "ticket.refunded", "ticket.refunded"]);
    const refundedIds = f.slice(1).map((x) => (x.payload as { attendees: { id: string }[] }).attendees.map((a) => a.id));
    expect(refundedIds).toEqual([[attendees[0]!.id], [attendees[1]!.id]]);
  });

  it("takes a payment confirmed after the hold was released while places are free, and refunds it in full once they are sold", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { capacity: 2, price: "20" });
    const refunded: string[] = [];
    const refund = async (o: { id: string; payment_intent_id: string | null }) => void refunded.push(`${o.id}:${o.payment_intent_id}`);

    // Released, but nobody took the places: the late payment still gets its tickets.
    const early = await createPendingOrder(t.db, event.slug, { ...buyer(7), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "payrexx");
    await cancelPendingOrder(t.db, early.order.id);
    expect(await settlePaid(t.db, early.order.id, { paymentIntentId: "tx_early" }, refund)).toBe("changed");
    expect((await t.db.selectFrom("attendees").select("status").where("order_id", "=", early.order.id).execute()).map((a) => a.status)).toEqual(["paid"]);

    // Released, and the last place sold meanwhile: the order stays cancelled and the money goes back.
    const late = await createPendingOrder(t.db, event.slug, { ...buyer(8), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "payrexx");
    await cancelPendingOrder(t.db, late.order.id);
    await createPendingOrder(t.db, event.slug, { ...buyer(9), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "payrexx");
    expect(await markOrderPaid(t.db, late.order.id, { paymentIntentId: "tx_late" })).toBe("no_places");
    expect(await settlePaid(t.db, late.order.id, { paymentIntentId: "tx_late" }, refund)).toBe("refunded_late");
    expect(refunded).toEqual([`${late.order.id}:tx_late`]);
    const after = await t.db.selectFrom("orders").select(["status", "payment_intent_id"]).where("id", "=", late.order.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: "cancelled", payment_intent_id: "tx_late" });
    expect(await facts(late.order.id)).toHaveLength(0);
    const held = await t.db.selectFrom("attendees").select("id").where("event_id", "=", event.id).where("status", "in", ["pending", "paid"]).execute();
    expect(held).toHaveLength(2);
  });

  it("settles a payment only through the connection that opened the checkout, and never refunds or settles a late payment that is not the order's own", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "20" });
    const connection = await t.db.insertInto("connections").values({ org_id: t.orgId, connector_id: "payrexx", status: "connected" }).returning("id").executeTakeFirstOrThrow();
    const { order } = await createPendingOrder(t.db, event.slug, { ...buyer(50), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "payrexx", connection.id);
    const own = { provider: "payrexx", connectionId: connection.id, amountMinor: 2000, currency: "EUR" };
    const refunded: string[] = [];
    const refund = async (o: { id: string }) => void refunded.push(o.id);

    expect(await settlePaid(t.db, order.id, { paymentIntentId: "tx_other" }, refund, { ...own, connectionId: randomUUID() })).toEqual({
      mismatch: "Payment not accepted: it came through another connection than the one that opened the order's checkout.",
    });
    await cancelPendingOrder(t.db, order.id);
    // Its places are gone and a payment of another amount comes late: nothing is refunded from it, nothing settled.
    await createPendingOrder(t.db, event.slug, { ...buyer(51), items: [{ ticketTypeId: ticketType.id, quantity: 10 }] }, "payrexx", connection.id);
    expect(isMismatch(await settlePaid(t.db, order.id, { paymentIntentId: "tx_cheap" }, refund, { ...own, amountMinor: 1 }))).toBe(true);
    expect(refunded).toEqual([]);
    const after = await t.db.selectFrom("orders").select(["status", "payment_intent_id", "payment_mismatch"]).where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: "cancelled", payment_intent_id: null, payment_mismatch: "Payment not accepted: it was for €0.01, but the order is for €20.00." });
    expect(await facts(order.id)).toHaveLength(0);
  });

  it("releases holds whose checkout was abandoned, after a grace period", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "20" });
    const { order } = await createPendingOrder(t.db, event.slug, { ...buyer(5), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "stripe");
    await t.db.updateTable("orders").set({ hold_expires_at: new Date(Date.now() - 60_000) }).where("id", "=", order.id).execute();
    expect(await releaseExpiredHolds(t.db)).toBe(0);
    await t.db.updateTable("orders").set({ hold_expires_at: new Date(Date.now() - 10 * 60_000) }).where("id", "=", order.id).execute();
    expect(await releaseExpiredHolds(t.db)).toBeGreaterThanOrEqual(1);
    const after = await t.db.selectFrom("orders").select("status").where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(after.status).toBe("cancelled");
  });
});
