// What an invoice leaves behind when its issuing stops half-way or nobody answers
// for it, against the sandbox's Stripe: one request issues an invoice; a failure
// after Stripe created it withdraws it there (draft deleted, open voided) before
// the places go back on sale, and keeps them held while Stripe cannot be asked;
// past due, the invoice is voided at Stripe first; a hold whose connection is gone
// is given up only long after. Stripe's callbacks are received but left queued
// (process_webhook_event does not run), so only the request or the sweep under
// test moves an order. The callbacks' own path is tests/integration/stripe-invoices.test.ts.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ABANDON_AFTER_MS, invoiceCompany, sweepDueInvoices } from "@/lib/checkout/invoice-company";
import { ConflictError } from "@/lib/domain/errors";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { connectWithApiKey, disconnect } from "@/lib/integrations/connections/service";
import { stripeClient } from "@/lib/integrations/stripe/client";
import { holdInvoicedOrder } from "@/lib/invoices/hold";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAppServer } from "../helpers/app-server";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness({ withoutTasks: ["process_webhook_event"] });
let app: Awaited<ReturnType<typeof startAppServer>>;
const SECRET = "sk_test_invoicerecovery01";
const stripe = () => stripeClient(sandbox.url, SECRET);

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const { POST } = await import("@/app/api/webhooks/[provider]/route");
  app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: POST as never }]);
  process.env.APP_URL = app.url;
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields: { secretKey: SECRET, publishableKey: "pk_test_invoicerecovery01" } });
});
afterEach(async () => {
  await sandbox.control("faults", undefined, "DELETE");
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

/** Each form names its own company, so each test's invoices are its own customer's at Stripe. */
const company = (ticketTypeId: string, quantity: number, over: Record<string, unknown> = {}) => ({
  companyName: "Acme AG",
  billingEmail: `accounts-${randomUUID().slice(0, 8)}@acme.example`,
  reference: "PO-88",
  ticketTypeId,
  quantity: String(quantity),
  daysUntilDue: "14",
  attempt: randomUUID(),
  ...over,
});

const order = (id: string) => t.db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const orderOfAttempt = (eventId: string, attempt: string) => t.db.selectFrom("orders").selectAll().where("event_id", "=", eventId).where("client_reference", "=", attempt).executeTakeFirstOrThrow();
const invoiceRow = (id: string) => t.db.selectFrom("order_invoices").selectAll().where("order_id", "=", id).executeTakeFirstOrThrow();
const attendeeStatuses = async (id: string) => (await t.db.selectFrom("attendees").select("status").where("order_id", "=", id).execute()).map((a) => a.status);
const facts = async (id: string) => (await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", id).execute()).map((f) => f.type);
const buy = (event: { slug: string }, ticketTypeId: string, quantity: number) =>
  createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId, quantity }] }, "stripe");

async function addFault(fault: Record<string, unknown>): Promise<{ id: string }> {
  return sandbox.control("faults", { provider: "stripe", ...fault });
}

/** A fault used up has left the list: the request it met is now under way. */
async function used(faultId: string) {
  await waitFor(async () => (((await sandbox.control("faults", undefined, "GET")).faults as Array<{ id: string }>).some((f) => f.id === faultId) ? undefined : true), { what: `fault ${faultId} used` });
}

/** The order's invoices as Stripe lists them for its company's customer. */
async function invoicesAtStripe(orderId: string) {
  const row = await t.db
    .selectFrom("orders as o")
    .innerJoin("payment_customers as c", "c.id", "o.payment_customer_id")
    .select("c.provider_customer_id")
    .where("o.id", "=", orderId)
    .executeTakeFirstOrThrow();
  const all = await stripe().invoices.list({ customer: row.provider_customer_id, limit: 100 });
  return all.data.filter((i) => i.metadata?.order_id === orderId).map((i) => ({ id: i.id!, status: i.status }));
}

/** Drafts of the order's invoice that were deleted at Stripe. */
async function deletedAtStripe(orderId: string) {
  const events = await stripe().events.list({ type: "invoice.deleted", limit: 100 });
  return events.data.map((e) => e.data.object as { id: string; metadata?: Record<string, string> }).filter((i) => i.metadata?.order_id === orderId).map((i) => i.id);
}

/** The company pays on the invoice's hosted page with a test card, as it would at Stripe. */
async function payInvoice(orderId: string) {
  const { hosted_url } = await invoiceRow(orderId);
  const form = new URLSearchParams({ card_number: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123", name: "Acme Accounts", action: "pay" });
  return fetch(hosted_url!, { method: "POST", body: form, redirect: "manual" });
}

const RELEASED = /^The invoice could not be issued \(Stripe: .+\)\. No places are held; try again in a moment\.$/;

describe("invoices that stop half-way", () => {
  it("refuses a second submit while the first is still issuing, and the first issues the invoice with its places held", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 5 });
    const input = company(ticketType.id, 5);
    const slow = await addFault({ match: "/finalize", kind: "latency", latencyMs: 1500, times: 1 });
    const first = invoiceCompany(t.db, t.orgId, event.id, input, owner.userId);
    first.catch(() => {});
    await used(slow.id);

    const second = await invoiceCompany(t.db, t.orgId, event.id, input, owner.userId).catch((e: Error) => e);
    expect(second).toBeInstanceOf(ConflictError);
    expect((second as Error).message).toBe("This invoice is already being issued; the list of invoices shows its outcome in a moment.");

    const { orderId, hostedUrl } = await first;
    expect(await invoiceRow(orderId)).toMatchObject({ status: "open", last_error: null, hosted_url: hostedUrl });
    expect((await order(orderId)).status).toBe("pending");
    expect(await attendeeStatuses(orderId)).toEqual(["pending", "pending", "pending", "pending", "pending"]);
    expect((await invoicesAtStripe(orderId)).map((i) => i.status)).toEqual(["open"]);
    await expect(buy(event, ticketType.id, 1)).rejects.toThrow("Sold out");
    // Once issued, the same submit answers with its invoice.
    expect(await invoiceCompany(t.db, t.orgId, event.id, input, owner.userId)).toEqual({ orderId, hostedUrl });
  });

  it("deletes the draft at Stripe when finalizing fails, then releases the places", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 2 });
    const input = company(ticketType.id, 2);
    await addFault({ match: "/finalize", kind: "status", status: 400, times: 1 });
    const failed = await invoiceCompany(t.db, t.orgId, event.id, input, owner.userId).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(ConflictError);
    expect((failed as Error).message).toMatch(RELEASED);

    const { id: orderId } = await orderOfAttempt(event.id, input.attempt);
    const [draft] = await deletedAtStripe(orderId);
    expect(draft).toMatch(/^in_/);
    await expect(stripe().invoices.retrieve(draft!)).rejects.toMatchObject({ statusCode: 404 });
    expect(await invoicesAtStripe(orderId)).toEqual([]);
    expect(await invoiceRow(orderId)).toMatchObject({ status: "failed", invoice_id: null, last_error: expect.stringMatching(/^The invoice could not be issued \(Stripe: /) });
    expect((await order(orderId)).status).toBe("cancelled");
    expect(await attendeeStatuses(orderId)).toEqual(["cancelled", "cancelled"]);

    // The same submit is told what happened; a new one takes the places.
    await expect(invoiceCompany(t.db, t.orgId, event.id, input, owner.userId)).rejects.toThrow("could not be issued earlier and its places were released");
    await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 2), owner.userId);
  });

  it("voids the open invoice at Stripe when sending it fails, then releases the places", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 2 });
    const input = company(ticketType.id, 2);
    // Every attempt of the send.
    await addFault({ match: "/send", kind: "status", status: 500, times: 3 });
    const failed = await invoiceCompany(t.db, t.orgId, event.id, input, owner.userId).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(ConflictError);
    expect((failed as Error).message).toMatch(RELEASED);

    const { id: orderId } = await orderOfAttempt(event.id, input.attempt);
    expect((await invoicesAtStripe(orderId)).map((i) => i.status)).toEqual(["void"]);
    expect((await invoiceRow(orderId)).status).toBe("failed");
    expect((await order(orderId)).status).toBe("cancelled");
    await buy(event, ticketType.id, 2);
  });

  it("keeps the places held while Stripe cannot say whether the invoice exists, and the sweep withdraws it later", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 2 });
    const input = company(ticketType.id, 2);
    // Finalizing fails; by the time it answers, Stripe can no longer be reached for invoices at all.
    const slow = await addFault({ match: "/finalize", kind: "latency", latencyMs: 1000, times: 1 });
    await addFault({ match: "/finalize", kind: "status", status: 400, times: 1 });
    const attempt = invoiceCompany(t.db, t.orgId, event.id, input, owner.userId);
    attempt.catch(() => {});
    await used(slow.id);
    await addFault({ match: "/v1/invoices", kind: "reset", times: 0 });
    const failed = await attempt.catch((e: Error) => e);
    await sandbox.control("faults", undefined, "DELETE");
    expect(failed).toBeInstanceOf(ConflictError);
    expect((failed as Error).message).toMatch(/^The invoice could not be issued \(Stripe: .+\)\. Stripe could not confirm whether it was sent, so its places stay held until it can; .+ Do not issue it again meanwhile\.$/);

    const { id: orderId } = await orderOfAttempt(event.id, input.attempt);
    expect(await invoiceRow(orderId)).toMatchObject({ status: "issuing", last_error: expect.stringMatching(/Its places stay held until Stripe confirms no invoice can be paid\.$/) });
    expect((await order(orderId)).status).toBe("pending");
    await expect(buy(event, ticketType.id, 1)).rejects.toThrow("Sold out");
    expect((await invoicesAtStripe(orderId)).map((i) => i.status)).toEqual(["draft"]);
    await expect(invoiceCompany(t.db, t.orgId, event.id, input, owner.userId)).rejects.toThrow("already being issued");

    // Too early: the issuing request might still be running.
    await sweepDueInvoices(t.db, new Date(Date.now() + 5 * 60_000));
    expect((await order(orderId)).status).toBe("pending");

    expect(await sweepDueInvoices(t.db, new Date(Date.now() + 11 * 60_000))).toBeGreaterThanOrEqual(1);
    expect(await invoicesAtStripe(orderId)).toEqual([]);
    expect(await deletedAtStripe(orderId)).toHaveLength(1);
    expect(await invoiceRow(orderId)).toMatchObject({ status: "failed", last_error: "The invoice was not confirmed as issued in time; it was withdrawn at the payment provider and its places were released." });
    expect((await order(orderId)).status).toBe("cancelled");
    await buy(event, ticketType.id, 2);
  });
});

describe("invoices past due", () => {
  it("are voided at Stripe before their places are released, and stay held while Stripe cannot be reached", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 2 });
    const { orderId } = await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 2, { daysUntilDue: "1" }), owner.userId);
    const invoiceId = (await invoiceRow(orderId)).invoice_id!;
    const later = new Date(Date.now() + 2 * 86_400_000);

    await addFault({ match: `/v1/invoices/${invoiceId}/void`, kind: "reset", times: 0 });
    await sweepDueInvoices(t.db, later);
    await sandbox.control("faults", undefined, "DELETE");
    expect((await stripe().invoices.retrieve(invoiceId)).status).toBe("open");
    expect((await invoiceRow(orderId)).status).toBe("open");
    expect((await order(orderId)).status).toBe("pending");
    await expect(buy(event, ticketType.id, 1)).rejects.toThrow("Sold out");

    expect(await sweepDueInvoices(t.db, later)).toBeGreaterThanOrEqual(1);
    expect((await stripe().invoices.retrieve(invoiceId)).status).toBe("void");
    expect((await invoiceRow(orderId)).status).toBe("void");
    expect((await order(orderId)).status).toBe("cancelled");
    // Nobody can pay for places that went back on sale.
    expect((await payInvoice(orderId)).status).toBe(409);
    await buy(event, ticketType.id, 2);
  });

  it("stay held when Stripe refuses the void because the invoice was paid meanwhile, and the next read settles it as paid", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 2 });
    const { orderId } = await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 2, { daysUntilDue: "1" }), owner.userId);
    const invoiceId = (await invoiceRow(orderId)).invoice_id!;
    const later = new Date(Date.now() + 2 * 86_400_000);

    // The company pays while the sweep's void is on its way.
    const slow = await addFault({ match: `/v1/invoices/${invoiceId}/void`, kind: "latency", latencyMs: 1500, times: 1 });
    const sweep = sweepDueInvoices(t.db, later);
    sweep.catch(() => {});
    await used(slow.id);
    expect((await payInvoice(orderId)).status).toBe(303);
    await sweep;
    expect((await stripe().invoices.retrieve(invoiceId)).status).toBe("paid");
    expect((await invoiceRow(orderId)).status).toBe("open");
    expect((await order(orderId)).status).toBe("pending");
    expect(await attendeeStatuses(orderId)).toEqual(["pending", "pending"]);
    await expect(buy(event, ticketType.id, 1)).rejects.toThrow("Sold out");

    // Its callback is left queued here: the next sweep reads the invoice and settles the order.
    expect(await sweepDueInvoices(t.db, later)).toBeGreaterThanOrEqual(1);
    expect((await order(orderId)).status).toBe("paid");
    expect((await order(orderId)).payment_intent_id).toMatch(/^pi_/);
    expect(await attendeeStatuses(orderId)).toEqual(["paid", "paid"]);
    expect((await invoiceRow(orderId)).status).toBe("paid");
    expect(await facts(orderId)).toEqual(["ticket.purchased"]);
  });
});

// Last: it disconnects the organization's Stripe.
describe("invoices whose payment provider is gone", () => {
  it("keep their places until long past due, then release them with a note to void the invoice by hand", async () => {
    const DAY = 86_400_000;
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 3 });
    const open = await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 2, { daysUntilDue: "1" }), owner.userId);
    const { invoice_id: invoiceId, due_at: openDue } = await invoiceRow(open.orderId);
    const connection = await t.db.selectFrom("connections").select("id").where("org_id", "=", t.orgId).where("connector_id", "=", "stripe").executeTakeFirstOrThrow();
    // A request that stopped before Stripe answered: held, and had it been sent, payable for 20 days.
    const stuck = await holdInvoicedOrder(t.db, t.orgId, event.id, company(ticketType.id, 1, { daysUntilDue: "20" }), { provider: "stripe", connectionId: connection.id }, owner.userId);
    const stuckDue = stuck.invoice.created_at.getTime() + 20 * DAY;
    await disconnect(t.db, appKeyring(), t.orgId, "stripe");

    const notes = async (orderId: string) => t.db.selectFrom("order_notes").select(["key", "severity", "message"]).where("order_id", "=", orderId).execute();
    const statuses = async () => [(await order(open.orderId)).status, (await order(stuck.order.id)).status];
    const sweepAt = (at: number) => sweepDueInvoices(t.db, new Date(at));

    for (const at of [Date.now() + 2 * 60 * 60_000, openDue!.getTime() + 2 * DAY, stuck.invoice.created_at.getTime() + ABANDON_AFTER_MS + 60_000, openDue!.getTime() + ABANDON_AFTER_MS - 60 * 60_000]) {
      await sweepAt(at);
      expect(await statuses()).toEqual(["pending", "pending"]);
    }
    await expect(buy(event, ticketType.id, 1)).rejects.toThrow("Sold out");

    // The open invoice: thirty days after its due date.
    await sweepAt(openDue!.getTime() + ABANDON_AFTER_MS + 2 * 60 * 60_000);
    expect(await statuses()).toEqual(["cancelled", "pending"]);
    const row = await invoiceRow(open.orderId);
    expect(row.status).toBe("void");
    expect(row.last_error).toBe(`Invoice ${invoiceId} is long past due and its payment provider is no longer connected, so it could not be voided; its places were released. Void it at the provider by hand so it cannot be paid.`);
    expect(await notes(open.orderId)).toEqual([{ key: "invoice_abandoned", severity: "error", message: row.last_error }]);
    // Nobody could void it at Stripe: the note is what tells the admin to.
    expect((await stripe().invoices.retrieve(invoiceId!)).status).toBe("open");

    // The one never confirmed: thirty days after it would have been due.
    await sweepAt(stuckDue + ABANDON_AFTER_MS - 60_000);
    expect(await statuses()).toEqual(["cancelled", "pending"]);
    await sweepAt(stuckDue + ABANDON_AFTER_MS + 60_000);
    expect(await statuses()).toEqual(["cancelled", "cancelled"]);
    const stuckRow = await invoiceRow(stuck.order.id);
    expect(stuckRow).toMatchObject({ status: "failed", last_error: expect.stringMatching(/payment provider is no longer connected; its places were released\. If the company received an invoice, void it at the provider by hand\.$/) });
    expect(await notes(stuck.order.id)).toEqual([{ key: "invoice_abandoned", severity: "error", message: stuckRow.last_error }]);
    await buy(event, ticketType.id, 3);
  });
});
