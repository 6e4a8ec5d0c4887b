// POST /api/v1/orders/{orderId}/refunds against the Stripe sandbox: a ticket, then
// the rest of the order, each paid out exactly once whatever the client repeats
// (same Idempotency-Key, another key, no key), with Stripe's callbacks through our
// real webhook route changing the order.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RefundSchema } from "@/lib/api/schemas";
import { createApiKey } from "@/lib/api-keys/service";
import { startCheckout } from "@/lib/checkout/start";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { stripeClient } from "@/lib/integrations/stripe/client";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { transferTicket } from "@/lib/domain/registrations/transfer";
import { ConflictError } from "@/lib/domain/errors";
import { claimRefund } from "@/lib/payments/refund-claims";
import { appKeyring } from "@/lib/vault/app-keyring";
import { call, orgWithKey, parsed, type Handler } from "../helpers/api-client";
import { startAppServer } from "../helpers/app-server";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const SECRET = "sk_test_switchboard0001";
let app: Awaited<ReturnType<typeof startAppServer>>;
let refunds: Handler;
let key: string;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const { POST } = await import("@/app/api/webhooks/[provider]/route");
  app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: POST as never as Handler }]);
  process.env.APP_URL = app.url;
  refunds = (await import("@/app/api/v1/orders/[orderId]/refunds/route")).POST as Handler;
  key = (await createApiKey(t.db, t.orgId, null, { name: "refunds" })).key;
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields: { secretKey: SECRET, publishableKey: "pk_test_switchboard0001" } });
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

async function paidOrder(quantity: number) {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
  const { url, orderId } = await startCheckout(t.db, event.slug, { name: "Pia Payer", email: "pia@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity }] });
  const form = new URLSearchParams({ card_number: "4242424242424242", expiry: "12 / 34", cvc: "123", name: "Pia Payer", email: "pia@example.com", action: "pay" });
  await fetch(url, { method: "POST", body: form, redirect: "manual" });
  await orderReaches(orderId, (o) => o.status === "paid", "paid");
  const attendees = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).orderBy("id").execute();
  return { orderId, attendeeIds: attendees.map((a) => a.id) };
}

function order(id: string) {
  return t.db.selectFrom("orders").select(["status", "refunded_minor", "payment_intent_id"]).where("id", "=", id).executeTakeFirstOrThrow();
}

function orderReaches(id: string, ok: (o: Awaited<ReturnType<typeof order>>) => boolean, what: string) {
  return waitFor(async () => (ok(await order(id)) ? true : undefined), { what: `order ${what}`, timeoutMs: 20_000 });
}

async function stripeRefunds(orderId: string) {
  const pi = (await order(orderId)).payment_intent_id!;
  return (await stripeClient(sandbox.url, SECRET).refunds.list({ payment_intent: pi, limit: 100 })).data;
}

const refund = (orderId: string, body: unknown, idempotencyKey?: string, k = key) =>
  call(refunds, `/orders/${orderId}/refunds`, { orderId }, { key: k, body, idempotencyKey });

describe("POST /orders/{orderId}/refunds", () => {
  it("refunds a ticket, then the rest, each once, whatever the client repeats", async () => {
    const { orderId, attendeeIds } = await paidOrder(2);
    const [a] = attendeeIds as [string, string];
    const idempotencyKey = randomUUID();

    const first = parsed(RefundSchema, await refund(orderId, { attendeeId: a }, idempotencyKey), 202);
    expect(first).toEqual({ orderId, attendeeId: a, amountMinor: 2500, currency: "EUR", status: "requested" });
    const replay = await refund(orderId, { attendeeId: a }, idempotencyKey);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(first);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const reused = await refund(orderId, {}, idempotencyKey);
    expect(reused.status).toBe(422);
    expect(reused.body.error).toBe("idempotency_key_reused");
    // Another key, or none: the ticket's refund was asked for already.
    for (const k of [randomUUID(), undefined]) {
      const twice = await refund(orderId, { attendeeId: a }, k);
      expect(twice.status).toBe(409);
      expect(twice.body.message).toMatch(/^A refund for this ticket was already requested/);
    }
    await orderReaches(orderId, (o) => o.refunded_minor === 2500, "refunded 25.00");
    expect((await stripeRefunds(orderId)).map((r) => r.amount)).toEqual([2500]);
    expect((await refund(orderId, { attendeeId: a }, randomUUID())).status).toBe(409);

    const rest = parsed(RefundSchema, await refund(orderId, undefined, randomUUID()), 202);
    expect(rest).toMatchObject({ attendeeId: null, amountMinor: 2500 });
    await orderReaches(orderId, (o) => o.status === "refunded" && o.refunded_minor === 5000, "refunded");
    const again = await refund(orderId, {}, randomUUID());
    expect(again.status).toBe(409);
    expect((await stripeRefunds(orderId)).map((r) => r.amount).sort()).toEqual([2500, 2500]);
    const statuses = await t.db.selectFrom("attendees").select("status").where("order_id", "=", orderId).execute();
    expect(statuses.map((s) => s.status)).toEqual(["refunded", "refunded"]);
  });

  it("refuses a ticket transferred after the refund read it valid: nothing is paid out and the new holder's ticket stays", async () => {
    const { orderId, attendeeIds } = await paidOrder(2);
    const [a] = attendeeIds as [string, string];
    // What a refund of ticket A does after reading it as paid, had a transfer committed in between.
    const moved = await transferTicket(t.db, t.orgId, a, { name: "Ben Newholder", email: "ben@example.com" });
    const late = claimRefund(t.db, { orgId: t.orgId, orderId, scope: a, attendeeIds: [a], amountMinor: 2500 });
    await expect(late).rejects.toBeInstanceOf(ConflictError);
    await expect(late).rejects.toThrow(/transferred, cancelled or refunded/);
    expect(await t.db.selectFrom("refund_requests").select("id").where("order_id", "=", orderId).execute()).toEqual([]);
    const asked = await refund(orderId, { attendeeId: a }, randomUUID());
    expect(asked.status).toBe(409);
    expect(asked.body.message).toBe("This ticket is cancelled; it cannot be refunded.");
    expect(await stripeRefunds(orderId)).toEqual([]);
    const holder = await t.db.selectFrom("attendees").select("status").where("id", "=", moved.to.id).executeTakeFirstOrThrow();
    expect(holder.status).toBe("paid");
  });

  it("answers 404 for another organization's order or a ticket of another order, 422 for a bad body, 409 for a free order", async () => {
    const { orderId } = await paidOrder(1);
    const other = await orgWithKey(t.db, "Other");
    expect((await refund(orderId, {}, undefined, other.key)).status).toBe(404);
    const bad = await refund(orderId, { attendeeId: "first", amountMinor: 100 });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["amountMinor", "attendeeId"]);
    const elsewhere = await paidOrder(1);
    const foreign = await refund(orderId, { attendeeId: elsewhere.attendeeIds[0] });
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toBe("Ticket was not found");

    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const free = await registerFree(t.db, event.slug, { ticketTypeId: ticketType.id, quantity: 1, name: "Fay", email: "fay@example.com" });
    const refused = await refund(free.order.id, {});
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe("This order has no payment to refund (it was free).");
    expect(await stripeRefunds(orderId)).toEqual([]);
  });
});
