// Invoicing a company through Stripe, end to end against the sandbox: the invoice
// as Stripe holds it, the signed callbacks through our real route and the
// worker, a void from the admin, an invoice past due, late, repeated and
// out-of-order callbacks, and Stripe failing to create the invoice. What a
// failure half-way, or a sweep, leaves at Stripe is tests/integration/invoice-recovery.test.ts.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/domain/errors";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { invoiceCompany, voidCompanyInvoice } from "@/lib/checkout/invoice-company";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { stripeClient } from "@/lib/integrations/stripe/client";
import { STRIPE_EVENTS } from "@/lib/integrations/stripe/connector";
import { appKeyring } from "@/lib/vault/app-keyring";
import { callbacksAbout } from "../helpers/callbacks";
import { startAppServer } from "../helpers/app-server";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
let app: Awaited<ReturnType<typeof startAppServer>>;
const SECRET = "sk_test_invoices00001";
const stripe = () => stripeClient(sandbox.url, SECRET);

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const { POST } = await import("@/app/api/webhooks/[provider]/route");
  app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: POST as never }]);
  process.env.APP_URL = app.url;
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields: { secretKey: SECRET, publishableKey: "pk_test_invoices00001" } });
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

const company = (ticketTypeId: string, quantity: number, over: Record<string, unknown> = {}) => ({
  companyName: "Acme AG",
  billingEmail: "accounts@acme.example",
  reference: "PO-77",
  ticketTypeId,
  quantity: String(quantity),
  daysUntilDue: "14",
  attempt: randomUUID(),
  ...over,
});

const order = (id: string) => t.db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const invoiceRow = (id: string) => t.db.selectFrom("order_invoices").selectAll().where("order_id", "=", id).executeTakeFirstOrThrow();
const attendees = (id: string) => t.db.selectFrom("attendees").select(["name", "status"]).where("order_id", "=", id).orderBy("name").execute();
const facts = async (id: string) => (await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", id).execute()).map((f) => f.type);

async function until(id: string, status: string) {
  return waitFor(async () => ((await order(id)).status === status ? true : undefined), { what: `order ${status}`, timeoutMs: 20_000 });
}

async function allProcessed() {
  await waitFor(async () => {
    const rows = await t.db.selectFrom("webhook_events").select("status").execute();
    return rows.every((r) => r.status === "processed" || r.status === "ignored") ? true : undefined;
  }, { what: "every callback processed", timeoutMs: 20_000 });
}

/** The company pays on the invoice's hosted page with a test card, as it would at Stripe. */
async function payInvoice(orderId: string, card = "4242 4242 4242 4242") {
  const { hosted_url } = await invoiceRow(orderId);
  const form = new URLSearchParams({ card_number: card, expiry: "12 / 34", cvc: "123", name: "Acme Accounts", action: "pay" });
  return fetch(hosted_url!, { method: "POST", body: form, redirect: "manual" });
}

/** Every callback about this invoice that Stripe sent, newest first. */
async function invoiceEvents(invoiceId: string) {
  return (await stripe().events.list({ limit: 100 })).data.filter((e) => (STRIPE_EVENTS as readonly string[]).includes(e.type) && e.type.startsWith("invoice.") && (e.data.object as { id?: string }).id === invoiceId);
}

describe("Stripe invoices for company orders", () => {
  it("issues one sent invoice per order, for the company's customer, with a line per ticket type; a double submit changes nothing", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40" });
    const input = company(ticketType.id, 5);
    const first = await invoiceCompany(t.db, t.orgId, event.id, input, owner.userId);
    const again = await invoiceCompany(t.db, t.orgId, event.id, input, owner.userId);
    expect(again).toEqual(first);
    const row = await invoiceRow(first.orderId);
    expect(row).toMatchObject({ status: "open", hosted_url: first.hostedUrl, days_until_due: 14 });
    expect(row.invoice_id).toMatch(/^in_/);
    expect((await order(first.orderId)).checkout_id).toBe(row.invoice_id);

    const invoice = await stripe().invoices.retrieve(row.invoice_id!, { expand: ["customer"] });
    expect(invoice).toMatchObject({ status: "open", collection_method: "send_invoice", currency: "eur", total: 20000, metadata: { org_id: t.orgId, order_id: first.orderId } });
    expect((invoice.customer as { email: string }).email).toBe("accounts@acme.example");
    expect(invoice.lines.data.map((l) => [l.quantity, l.amount])).toEqual([[5, 20000]]);
    expect(invoice.due_date! * 1000).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    const all = await stripe().invoices.list({ customer: invoice.customer ? (invoice.customer as { id: string }).id : undefined, limit: 100 });
    expect(all.data.filter((i) => i.metadata?.order_id === first.orderId)).toHaveLength(1);

    // A second invoice for the same company reuses its customer.
    const second = await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 1), owner.userId);
    const other = await stripe().invoices.retrieve((await invoiceRow(second.orderId)).invoice_id!);
    expect(other.customer).toBe((invoice.customer as { id: string }).id);
  });

  it("settles on invoice.paid: the tickets become valid, ticket.purchased told once, replays change nothing", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40" });
    const { orderId } = await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 5), owner.userId);
    const invoiceId = (await invoiceRow(orderId)).invoice_id!;
    expect((await payInvoice(orderId, "4000 0000 0000 0002")).status).toBe(402);
    expect((await order(orderId)).status).toBe("pending");
    expect((await payInvoice(orderId)).status).toBe(303);
    await until(orderId, "paid");
    expect((await attendees(orderId)).map((a) => [a.name, a.status])).toEqual([1, 2, 3, 4, 5].map((k) => [`Acme AG ticket ${k} of 5`, "paid"]));
    expect((await order(orderId)).payment_intent_id).toMatch(/^pi_/);
    await allProcessed();

    // Every callback of this invoice, newest first (the payment before the finalization), three times over.
    for (const e of await invoiceEvents(invoiceId)) await sandbox.control("stripe/resend", { event: e.id, times: 3 });
    await allProcessed();
    expect((await order(orderId)).status).toBe("paid");
    expect(await facts(orderId)).toEqual(["ticket.purchased"]);
    expect((await invoiceRow(orderId)).status).toBe("paid");
  });

  it("an admin voids an open invoice: Stripe voids it, the places come back, its callback finds nothing left to do", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 5 });
    const { orderId } = await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 5), owner.userId);
    await expect(createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }, "stripe")).rejects.toThrow("Sold out");
    await voidCompanyInvoice(t.db, t.orgId, orderId);
    expect((await order(orderId)).status).toBe("cancelled");
    const invoiceId = (await invoiceRow(orderId)).invoice_id!;
    expect((await stripe().invoices.retrieve(invoiceId)).status).toBe("void");
    // Its callback may not even have arrived yet: wait for that one, not for "everything received so far".
    const voided = await waitFor(async () => {
      const [mine] = await callbacksAbout(t.db, "invoice.voided", invoiceId);
      return mine && mine.status !== "received" ? mine : undefined;
    }, { what: "the invoice.voided callback processed", timeoutMs: 20_000 });
    expect(voided.outcome).toBe("invoice was voided; the order had no held places left to release");
    await expect(voidCompanyInvoice(t.db, t.orgId, orderId)).rejects.toThrow("This invoice is void; only an open invoice can be voided.");
    await createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 5 }] }, "stripe");
  });

  it("on invoice.overdue voids the invoice at Stripe, then releases the places; it can no longer be paid", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 3 });
    const { orderId } = await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 3, { daysUntilDue: "1" }), owner.userId);
    const invoiceId = (await invoiceRow(orderId)).invoice_id!;
    await sandbox.control("stripe/invoice-overdue", { invoice: invoiceId });
    await until(orderId, "cancelled");
    expect((await stripe().invoices.retrieve(invoiceId)).status).toBe("void");
    // The overdue callback voided it; whichever of it and the void's own callback came first released the places.
    const mine = await waitFor(async () => {
      const rows = await callbacksAbout(t.db, ["invoice.overdue", "invoice.voided"], invoiceId);
      return rows.length === 2 && rows.every((r) => r.status === "processed") ? rows : undefined;
    }, { what: "the overdue and void callbacks processed", timeoutMs: 20_000 });
    expect(mine.find((r) => r.type === "invoice.overdue")?.outcome).toMatch(/^invoice is past due and was voided; /);
    expect(mine.find((r) => r.type === "invoice.voided")?.outcome).toMatch(/^invoice was voided; /);
    expect(mine.filter((r) => r.outcome?.endsWith("; held places released"))).toHaveLength(1);
    // Voided at Stripe before the release, so it reads void whichever of its two callbacks wrote last.
    expect((await invoiceRow(orderId)).status).toBe("void");
    expect((await payInvoice(orderId)).status).toBe(409);
    expect((await order(orderId)).status).toBe("cancelled");
    await createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 3 }] }, "stripe");
  });

  it("refunds once a payment of an uncollectible invoice whose places were sold meanwhile", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 2 });
    const { orderId } = await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 2), owner.userId);
    const invoiceId = (await invoiceRow(orderId)).invoice_id!;
    // Written off in Stripe's dashboard: the places are released, but the invoice can still be paid there.
    await stripe().invoices.markUncollectible(invoiceId);
    await until(orderId, "cancelled");
    await createPendingOrder(t.db, event.slug, { name: "B", email: "b@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] }, "stripe");
    expect((await payInvoice(orderId)).status).toBe(303);
    const claims = () => t.db.selectFrom("refund_requests").select(["scope", "status", "amount_minor"]).where("order_id", "=", orderId).execute();
    await waitFor(async () => ((await claims()).some((c) => c.status === "requested") ? true : undefined), { what: "the late payment's refund", timeoutMs: 20_000 });
    for (const e of await invoiceEvents(invoiceId)) await sandbox.control("stripe/resend", { event: e.id, times: 2 });
    await allProcessed();
    expect(await claims()).toEqual([{ scope: "order", status: "requested", amount_minor: 8000 }]);
    const pi = (await order(orderId)).payment_intent_id!;
    expect((await stripe().refunds.list({ payment_intent: pi })).data.map((r) => r.amount)).toEqual([8000]);
    expect((await order(orderId)).status).toBe("cancelled");
  });

  it("releases the places at once when Stripe cannot create the invoice, and says why", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "40", capacity: 2 });
    // Every attempt of the create fails; the look-up that follows finds no invoice for the order.
    await sandbox.control("faults", { provider: "stripe", match: "/v1/invoices", kind: "status", status: 500, times: 3 });
    let failed: unknown;
    try {
      failed = await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 2, { companyName: "Failing GmbH" }), owner.userId).catch((e) => e);
    } finally {
      await sandbox.control("faults", undefined, "DELETE");
    }
    expect(failed).toBeInstanceOf(ConflictError);
    expect((failed as Error).message).toMatch(/^The invoice could not be issued \(Stripe: .+\)\. No places are held; try again in a moment\.$/);
    const row = await t.db.selectFrom("order_invoices").selectAll().where("company_name", "=", "Failing GmbH").executeTakeFirstOrThrow();
    expect(row.status).toBe("failed");
    expect((await order(row.order_id)).status).toBe("cancelled");
    await invoiceCompany(t.db, t.orgId, event.id, company(ticketType.id, 2), owner.userId);
  });
});
