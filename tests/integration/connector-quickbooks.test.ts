// QuickBooks Online end to end against the sandbox: Intuit OAuth linked to the
// company (realm id) with the refresh token's lapse stored; a paid order booked
// once as a sales receipt with the buyer as one customer however often it is
// re-run; an invoice and payment when the admin prefers; a refund as one refund
// receipt; a stale SyncToken read again and retried; QuickBooks' refusals
// (duplicate name, closed period) visible on the order; Intuit's signed webhooks
// through our real route (forged ones refused and not stored) read back through
// CDC so a receipt voided in QuickBooks is flagged on its order.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { applyRefunds, markOrderPaid } from "@/lib/domain/orders/settle";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { readCredentials } from "@/lib/integrations/connections/credentials";
import { loadConnector } from "@/lib/integrations/registry";
import { intuitSignature } from "@/lib/integrations/quickbooks/signing";
import { openNotesForEvent } from "@/lib/order-notes/store";
import { latestBackfill, runBackfillBatch, startBackfill } from "@/lib/backfills/run";
import { setEnabled } from "@/lib/integrations/connections/service";
import { useWebhookRoute } from "../helpers/webhook-route";
import { consent } from "../helpers/consent";
import { makePublishedEvent } from "../helpers/fixtures";
import { addTicketType } from "@/lib/domain/events/service";
import { ValidationError } from "@/lib/domain/errors";
import { read } from "@/lib/integrations/quickbooks/api";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const app = useWebhookRoute(t);
// The sandbox app's verifier token and company: public, they only open the emulator.
const VERIFIER = "sandbox-quickbooks-verifier-token-0000";
const REALM = "9341453000000001";

interface Doc {
  kind: string;
  id: string;
  docNumber: string | null;
  customerId: string;
  totalAmt: number;
  privateNote: string | null;
  voided: boolean;
}
interface Books {
  customers: Array<{ id: string; displayName: string; email: string | null }>;
  items: Array<{ id: string; name: string }>;
  documents: Doc[];
}

const qbo = async () => (await loadConnector("quickbooks"))!;
const books = async (): Promise<Books> => (await sandbox.inbox()).quickbooks;
const docsOf = async (orderId: string) => (await books()).documents.filter((d) => d.privateNote?.includes(orderId));

async function context() {
  const row = (await findConnection(t.db, t.orgId, "quickbooks"))!;
  return connectorContext(t.db, appKeyring(), await qbo(), row);
}

async function paidOrder(buyer: { name: string; email: string }, quantity = 2, price = "25") {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price });
  const { order } = await createPendingOrder(t.db, event.slug, { ...buyer, attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity }] }, "stripe");
  expect(await markOrderPaid(t.db, order.id, { paymentIntentId: `pi_${order.id.slice(0, 8)}` })).toBe("changed");
  return { event, ticketType, order };
}

async function purchasedFact(orderId: string) {
  const row = await t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", orderId).where("type", "=", "ticket.purchased").executeTakeFirstOrThrow();
  return { id: row.id, type: "ticket.purchased", payload: row.payload } as never;
}

async function delivery(orderId: string, type: string) {
  let seen = "nothing";
  return waitFor(async () => {
    const d = await t.db
      .selectFrom("subscriber_deliveries as d")
      .innerJoin("domain_events as e", "e.id", "d.domain_event_id")
      .select(["d.status", "d.last_error"])
      .where("e.aggregate_id", "=", orderId)
      .where("e.type", "=", type as never)
      .where("d.subscriber", "like", "connection:%")
      .executeTakeFirst();
    seen = d ? `${d.status}: ${d.last_error ?? ""}` : "no delivery";
    return d && (d.status === "succeeded" || d.status === "dead") ? d : undefined;
  }, { what: `the ${type} delivery`, timeoutMs: 20_000 }).catch((err: Error) => {
    throw new Error(`${err.message} (${seen})`);
  });
}

async function storedWebhooks() {
  const r = await t.db.selectFrom("webhook_events").select((eb) => eb.fn.countAll<string>().as("n")).where("provider", "=", "quickbooks").executeTakeFirstOrThrow();
  return Number(r.n);
}

function signedPost(body: string, token = VERIFIER) {
  return fetch(`${app.url}/api/webhooks/quickbooks`, { method: "POST", headers: { "content-type": "application/json", "intuit-signature": intuitSignature(token, body) }, body });
}

describe("QuickBooks Online", () => {
  it("connects with Intuit OAuth, linked to the company, and keeps when the refresh token lapses", async () => {
    const connector = await qbo();
    const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector, mode: "sandbox" }));
    expect(url.pathname).toBe("/quickbooks/oauth2/authorize");
    expect(url.searchParams.get("scope")).toContain("com.intuit.quickbooks.accounting");
    const back = await consent(url.toString());
    expect(back.searchParams.get("realmId")).toBe(REALM);
    const result = await completeAuthorization(t.db, appKeyring(), { connector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null, query: Object.fromEntries(back.searchParams) });
    expect(result).toMatchObject({ ok: true, account: { id: REALM, name: "Sandbox Events Ltd" } });
    const row = (await findConnection(t.db, t.orgId, "quickbooks"))!;
    expect(row.external_account_id).toBe(REALM);
    const tokens = (await readCredentials(t.db, appKeyring(), row, "QuickBooks Online")) as { refreshTokenExpiresAt?: string };
    const lapse = Date.parse(tokens.refreshTokenExpiresAt ?? "");
    expect(lapse - Date.now()).toBeGreaterThan(99 * 24 * 3600 * 1000);
    expect(lapse - Date.now()).toBeLessThanOrEqual(100 * 24 * 3600 * 1000);
    expect(row.refresh_token_expires_at?.getTime()).toBe(lapse);
    const tested = await connector.testConnection(await context());
    expect(tested.detail).toContain("Sandbox Events Ltd");
    // The settings' choices come from the company's own lists.
    const ctx = await context();
    expect((await connector.fieldOptions!.incomeAccountId!(ctx)).map((c) => c.label)).toContain("Event Ticket Sales");
    expect((await connector.fieldOptions!.taxCodeId!(ctx)).map((c) => c.value)).toEqual(["2", "3"]);
    await updateSettings(t.db, t.orgId, "quickbooks", { document: "sales_receipt", incomeAccountId: "1", depositAccountId: "3", taxCodeId: "2", itemId: "" });
  });

  it("books a paid order once as a sales receipt, with the buyer as one customer, however often it is re-run", async () => {
    const { order, ticketType } = await paidOrder({ name: "Ada Lovelace", email: "ada@example.test" });
    expect((await delivery(order.id, "ticket.purchased")).status).toBe("succeeded");
    const [receipt] = await docsOf(order.id);
    expect(receipt).toMatchObject({ kind: "SalesReceipt", totalAmt: 50, voided: false });
    expect(receipt!.docNumber).toMatch(/^SW-[0-9a-f]{18}$/);
    const b = await books();
    expect(b.customers.filter((c) => c.email === "ada@example.test")).toHaveLength(1);
    expect(b.items.filter((i) => i.name.endsWith(" - General"))).not.toHaveLength(0);

    // Re-run twice: once as is, once with our own records lost, so only the DocNumber can find it.
    const connector = await qbo();
    await connector.handlers["ticket.purchased"]!(await purchasedFact(order.id), (await context()) as never);
    await t.db.deleteFrom("external_objects").where((eb) => eb.or([eb("local_id", "in", [order.id, ticketType.id]), eb("kind", "=", "qbo:customer")])).execute();
    await connector.handlers["ticket.purchased"]!(await purchasedFact(order.id), (await context()) as never);
    expect(await docsOf(order.id)).toHaveLength(1);
    expect((await books()).customers.filter((c) => c.email === "ada@example.test")).toHaveLength(1);

    // A second order by the same buyer finds the same customer by e-mail.
    const second = await paidOrder({ name: "Ada Lovelace", email: "ada@example.test" }, 1);
    await delivery(second.order.id, "ticket.purchased");
    const [r2] = await docsOf(second.order.id);
    expect(r2!.customerId).toBe(receipt!.customerId);
    expect((await books()).customers.filter((c) => c.email === "ada@example.test")).toHaveLength(1);
  });

  it("books a refund once as a refund receipt", async () => {
    const { order } = await paidOrder({ name: "Rita Refund", email: "rita@example.test" }, 2, "30");
    await delivery(order.id, "ticket.purchased");
    expect(await applyRefunds(t.db, order.id, { refundedMinor: 6000, attendeeIds: [] })).toBe("changed");
    expect((await delivery(order.id, "ticket.refunded")).status).toBe("succeeded");
    const refundFact = await t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", order.id).where("type", "=", "ticket.refunded").executeTakeFirstOrThrow();
    await (await qbo()).handlers["ticket.refunded"]!({ id: refundFact.id, type: "ticket.refunded", payload: refundFact.payload } as never, (await context()) as never);
    const refunds = (await docsOf(order.id)).filter((d) => d.kind === "RefundReceipt");
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ totalAmt: 60 });
    expect(refunds[0]!.docNumber).toMatch(/^RF-/);
  });

  it("reads a customer again and retries when someone else saved it first (stale SyncToken)", async () => {
    const first = await paidOrder({ name: "Sam Stale", email: "sam@example.test" }, 1);
    await delivery(first.order.id, "ticket.purchased");
    const customer = (await books()).customers.find((c) => c.email === "sam@example.test")!;
    await sandbox.control("quickbooks/stale", { entity: "Customer", id: customer.id });
    // The same buyer under a new name: the customer is updated, and the first update meets the conflict.
    const second = await paidOrder({ name: "Samuel Stale", email: "sam@example.test" }, 1);
    expect((await delivery(second.order.id, "ticket.purchased")).status).toBe("succeeded");
    const calls = await t.db.selectFrom("integration_calls").select(["operation", "outcome", "error"]).where("operation", "=", "customer.update").orderBy("created_at").execute();
    expect(calls.map((c) => c.outcome)).toEqual(["failure", "success"]);
    expect(calls[0]!.error).toContain("Stale Object Error");
    expect((await books()).customers.filter((c) => c.email === "sam@example.test")).toHaveLength(1);
    expect(await docsOf(second.order.id)).toHaveLength(1);
  });

  it("books an invoice and a payment against it when the admin prefers, once", async () => {
    await updateSettings(t.db, t.orgId, "quickbooks", { document: "invoice_payment", incomeAccountId: "1", depositAccountId: "3", taxCodeId: "2", itemId: "" });
    try {
      const { order } = await paidOrder({ name: "Ivy Invoice", email: "ivy@example.test" }, 1, "40");
      await delivery(order.id, "ticket.purchased");
      await (await qbo()).handlers["ticket.purchased"]!(await purchasedFact(order.id), (await context()) as never);
      const docs = await docsOf(order.id);
      expect(docs.map((d) => d.kind).sort()).toEqual(["Invoice", "Payment"]);
      expect(docs.find((d) => d.kind === "Payment")!.totalAmt).toBe(40);
    } finally {
      await updateSettings(t.db, t.orgId, "quickbooks", { document: "sales_receipt", incomeAccountId: "1", depositAccountId: "3", taxCodeId: "2", itemId: "" });
    }
  });

  it("shows QuickBooks' refusal on the order (duplicate name, closed period) and clears it once booked", async () => {
    await sandbox.control("quickbooks/duplicate-name", { entity: "Customer" });
    const { order, event } = await paidOrder({ name: "Dora Duplicate", email: "dora@example.test" }, 1);
    expect((await delivery(order.id, "ticket.purchased")).status).toBe("dead");
    let notes = await openNotesForEvent(t.db, t.orgId, event.id);
    expect(notes).toEqual([expect.objectContaining({ orderId: order.id, connectorId: "quickbooks", severity: "error" })]);
    expect(notes[0]!.message).toContain("Duplicate Name Exists Error");

    await sandbox.control("quickbooks/close-books", { before: "2999-01-01" });
    try {
      await expect((await qbo()).handlers["ticket.purchased"]!(await purchasedFact(order.id), (await context()) as never)).rejects.toThrow();
      notes = await openNotesForEvent(t.db, t.orgId, event.id);
      expect(notes[0]!.message).toContain("Account Period Closed");
    } finally {
      await sandbox.control("quickbooks/close-books", { before: null });
    }
    await (await qbo()).handlers["ticket.purchased"]!(await purchasedFact(order.id), (await context()) as never);
    expect(await openNotesForEvent(t.db, t.orgId, event.id)).toEqual([]);
    expect(await docsOf(order.id)).toHaveLength(1);
  });

  it("refuses a forged webhook and stores nothing", async () => {
    const before = await storedWebhooks();
    const body = JSON.stringify({ eventNotifications: [{ realmId: REALM, dataChangeEvent: { entities: [{ name: "SalesReceipt", id: "1", operation: "Void", lastUpdated: new Date().toISOString() }] } }] });
    expect((await signedPost(body, "not-the-verifier-token")).status).toBe(400);
    const unsigned = await fetch(`${app.url}/api/webhooks/quickbooks`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(unsigned.status).toBe(400);
    expect(await storedWebhooks()).toBe(before);
  });

  it("flags a receipt voided in QuickBooks on its order, through the signed webhook and CDC, once for a repeat", async () => {
    await sandbox.control("quickbooks/webhook", { url: `${app.url}/api/webhooks/quickbooks` });
    const { order, event } = await paidOrder({ name: "Vic Void", email: "vic@example.test" }, 1);
    await delivery(order.id, "ticket.purchased");
    const [receipt] = await docsOf(order.id);
    const before = await storedWebhooks();
    const voided = await sandbox.control("quickbooks/void", { entity: "SalesReceipt", id: receipt!.id });
    expect(voided.notification.status).toBe(200);
    const note = await waitFor(async () => (await openNotesForEvent(t.db, t.orgId, event.id)).find((n) => n.orderId === order.id), { what: "the voided flag on the order", timeoutMs: 20_000 });
    expect(note).toMatchObject({ severity: "warning", connectorId: "quickbooks" });
    expect(note.message).toContain(`${receipt!.docNumber} was voided in QuickBooks`);
    // The same notification again is stored once.
    const sent = (await sandbox.control("quickbooks/webhook", undefined, "GET")).sent.at(-1);
    expect((await signedPost(sent.body)).status).toBe(200);
    expect(await storedWebhooks()).toBe(before + 1);
  });

  it("finds a voided receipt by the periodic reconcile when no webhook told of it", async () => {
    const { order, event } = await paidOrder({ name: "Pat Periodic", email: "pat@example.test" }, 1);
    await delivery(order.id, "ticket.purchased");
    const [receipt] = await docsOf(order.id);
    await sandbox.control("quickbooks/void", { entity: "SalesReceipt", id: receipt!.id, notify: false });
    expect(await openNotesForEvent(t.db, t.orgId, event.id)).toEqual([]);
    const outcome = await (await qbo()).periodic!.run((await context()) as never);
    expect(outcome).toContain("flagged");
    expect((await openNotesForEvent(t.db, t.orgId, event.id)).map((n) => n.orderId)).toEqual([order.id]);
  });

  it("books a ticket type on the Item the admin chose for it, another on its own Item, and refuses an Item the company does not have", async () => {
    const base = { document: "sales_receipt", incomeAccountId: "1", depositAccountId: "3", taxCodeId: "2", itemId: "" };
    const connector = await qbo();
    const items = await connector.fieldOptions!.itemByTicketType!(await context());
    const services = items.find((i) => i.label === "Services")!;
    expect(services).toBeDefined();

    // An Item that is not in the company is a field error naming the ticket type, and nothing is saved.
    const before = (await findConnection(t.db, t.orgId, "quickbooks"))!.settings;
    const refused = await updateSettings(t.db, t.orgId, "quickbooks", { ...base, itemByTicketType: { "Workshop pass": services.value, "Evening pass": "99999" } }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors.itemByTicketType!.join(" ")).toContain('"Evening pass"');
    expect((refused as ValidationError).fieldErrors.itemByTicketType!.join(" ")).not.toContain('"Workshop pass"');
    expect((await findConnection(t.db, t.orgId, "quickbooks"))!.settings).toEqual(before);

    await updateSettings(t.db, t.orgId, "quickbooks", { ...base, itemByTicketType: { "Workshop pass": services.value } });
    try {
      const { event } = await makePublishedEvent(t.db, t.orgId, { price: "10" });
      const workshop = await addTicketType(t.db, t.orgId, event.id, { name: "Workshop pass", price: "40", currency: "EUR", quantity: 10 });
      const evening = await addTicketType(t.db, t.orgId, event.id, { name: "Evening pass", price: "15", currency: "EUR", quantity: 10 });
      const { order } = await createPendingOrder(t.db, event.slug, { name: "Max Mapped", email: "max@example.test", attempt: randomUUID(), items: [{ ticketTypeId: workshop.id, quantity: 1 }, { ticketTypeId: evening.id, quantity: 2 }] }, "stripe");
      expect(await markOrderPaid(t.db, order.id, { paymentIntentId: `pi_${order.id.slice(0, 8)}` })).toBe("changed");
      expect((await delivery(order.id, "ticket.purchased")).status).toBe("succeeded");

      const [receipt] = await docsOf(order.id);
      expect(receipt).toMatchObject({ kind: "SalesReceipt", totalAmt: 70 });
      const stored = await read<{ Id: string; SyncToken: string; Line: Array<{ Description?: string; SalesItemLineDetail?: { ItemRef: { value: string } } }> }>((await context()) as never, "SalesReceipt", receipt!.id);
      const itemOf = (name: string) => stored.Line.find((l) => l.Description?.startsWith(name))?.SalesItemLineDetail?.ItemRef.value;
      expect(itemOf("Workshop pass")).toBe(services.value);
      const created = (await books()).items.find((i) => i.name === `${event.title} - Evening pass`);
      expect(created).toBeDefined();
      expect(itemOf("Evening pass")).toBe(created!.id);
      expect(created!.id).not.toBe(services.value);
      // The mapped type made no Item of its own.
      expect((await books()).items.filter((i) => i.name.endsWith(" - Workshop pass"))).toEqual([]);
    } finally {
      await updateSettings(t.db, t.orgId, "quickbooks", base);
    }
  });
});

describe("QuickBooks backfill of past orders", () => {
  it("books orders paid before the connection, with progress, and a second run books nothing twice", async () => {
    // Paid while the connection was off: no delivery books them.
    await setEnabled(t.db, t.orgId, "quickbooks", false);
    const past: Array<{ id: string }> = [];
    for (let i = 0; i < 3; i++) past.push((await paidOrder({ name: `Past Buyer ${i}`, email: `past${i}@example.test` }, 1, "15")).order);
    expect(await applyRefunds(t.db, past[0]!.id, { refundedMinor: 1500, attendeeIds: [] })).toBe("changed");
    // Every fact of these orders is dispatched while the connection is off, so none reaches it later.
    await waitFor(async () => {
      const open = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "in", past.map((o) => o.id)).where("dispatched_at", "is", null).execute();
      return open.length === 0;
    }, { what: "the past orders' facts to be dispatched", timeoutMs: 20_000 });
    await setEnabled(t.db, t.orgId, "quickbooks", true);
    for (const o of past) expect(await docsOf(o.id)).toEqual([]);

    const { id, started } = await startBackfill(t.db, t.orgId, "quickbooks");
    expect(started).toBe(true);
    // Asking again while it runs gives the same run.
    expect(await startBackfill(t.db, t.orgId, "quickbooks")).toEqual({ id, started: false });
    const done = await waitFor(async () => {
      const b = await latestBackfill(t.db, t.orgId, "quickbooks");
      return b?.status === "done" ? b : undefined;
    }, { what: "the backfill to finish", timeoutMs: 60_000 });
    const paidCount = await t.db.selectFrom("orders").select((eb) => eb.fn.countAll<string>().as("n")).where("org_id", "=", t.orgId).where("status", "in", ["paid", "refunded"]).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ done: Number(paidCount.n), total: Number(paidCount.n) });
    for (const o of past) expect((await docsOf(o.id)).filter((d) => d.kind === "SalesReceipt")).toHaveLength(1);
    expect((await docsOf(past[0]!.id)).filter((d) => d.kind === "RefundReceipt")).toHaveLength(1);
    const documents = (await books()).documents.length;

    // A second run over the same orders finds every document it made.
    const again = await startBackfill(t.db, t.orgId, "quickbooks");
    expect(again.started).toBe(true);
    await waitFor(async () => (await latestBackfill(t.db, t.orgId, "quickbooks"))?.status === "done", { what: "the second backfill", timeoutMs: 60_000 });
    expect((await books()).documents.length).toBe(documents);
  });

  it("books an order once when a delivery and a backfill reach it together", async () => {
    await setEnabled(t.db, t.orgId, "quickbooks", false);
    const { order } = await paidOrder({ name: "Rae Race", email: "rae@example.test" }, 2);
    await waitFor(async () => (await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", order.id).where("dispatched_at", "is", null).execute()).length === 0, { what: "the order's facts to be dispatched", timeoutMs: 20_000 });
    await setEnabled(t.db, t.orgId, "quickbooks", true);
    const connector = await qbo();
    const fact = (await purchasedFact(order.id)) as unknown as { payload: Parameters<NonNullable<typeof connector.backfill>["order"]>[1]["sale"] };
    await Promise.all([
      connector.handlers["ticket.purchased"]!(fact as never, (await context()) as never),
      connector.backfill!.order((await context()) as never, { sale: fact.payload, refunded: [] }),
      connector.handlers["ticket.purchased"]!(fact as never, (await context()) as never),
    ]);
    expect(await docsOf(order.id)).toHaveLength(1);
    expect((await books()).customers.filter((c) => c.email === "rae@example.test")).toHaveLength(1);
  });

  it("resumes from its cursor: a batch run again after the cursor moved books only what is left", async () => {
    const row = (await findConnection(t.db, t.orgId, "quickbooks"))!;
    const b = await t.db.insertInto("backfills").values({ org_id: t.orgId, connection_id: row.id, status: "running", total: 1 }).returning("id").executeTakeFirstOrThrow();
    const last = await t.db.selectFrom("orders").select(["id", "paid_at"]).where("org_id", "=", t.orgId).where("paid_at", "is not", null).orderBy("paid_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    await t.db.updateTable("backfills").set({ cursor_paid_at: last.paid_at, cursor_order_id: last.id }).where("id", "=", b.id).execute();
    expect(await runBackfillBatch(t.db, b.id)).toBe(false);
    const after = await t.db.selectFrom("backfills").selectAll().where("id", "=", b.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "done", done: 0 });
  });
});

describe("QuickBooks limits and grants", () => {
  it("waits out Intuit's 429 and books the receipt once", async () => {
    await sandbox.control("faults", { provider: "quickbooks", match: "/quickbooks/v3/company/9341453000000001/salesreceipt", kind: "rate_limit", retryAfterSeconds: 1, times: 1 });
    const { order } = await paidOrder({ name: "Tia Throttle", email: "tia@example.test" }, 1);
    expect((await delivery(order.id, "ticket.purchased")).status).toBe("succeeded");
    expect(await docsOf(order.id)).toHaveLength(1);
    const creates = await t.db.selectFrom("integration_calls").select(["outcome", "http_status"]).where("operation", "=", "salesreceipt.create").where("http_status", "=", 429).execute();
    expect(creates.length).toBeGreaterThanOrEqual(1);
  });

  it("refreshes an expired access token through the single-flight refresh and stores the new lapse of the grant", async () => {
    await sandbox.control("expire", { provider: "quickbooks" });
    const row = (await findConnection(t.db, t.orgId, "quickbooks"))!;
    const { sealCredentials } = await import("@/lib/integrations/connections/credentials");
    const tokens = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), row, "QuickBooks Online");
    // As if the grant had been issued long ago: the refresh moves its lapse 100 days on again.
    const old = new Date(Date.now() + 5 * 24 * 3600 * 1000).toISOString();
    await t.db.updateTable("connections").set({ token_expires_at: new Date(Date.now() - 1000), refresh_token_expires_at: new Date(old), credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString(), refreshTokenExpiresAt: old }) }).where("id", "=", row.id).execute();
    expect((await (await qbo()).testConnection(await context())).detail).toContain("Sandbox Events Ltd");
    const after = (await findConnection(t.db, t.orgId, "quickbooks"))!;
    const stored = await readCredentials<{ refreshToken: string; refreshTokenExpiresAt: string }>(t.db, appKeyring(), after, "QuickBooks Online");
    expect(stored.refreshToken).not.toBe(tokens.refreshToken);
    expect(Date.parse(stored.refreshTokenExpiresAt) - Date.now()).toBeGreaterThan(99 * 24 * 3600 * 1000);
    expect(after.refresh_token_expires_at!.getTime()).toBe(Date.parse(stored.refreshTokenExpiresAt));
  });

  it("asks for Reconnect when Intuit refuses the refresh token, and the order is kept for a retry", async () => {
    await sandbox.control("revoke", { provider: "quickbooks" });
    await sandbox.control("expire", { provider: "quickbooks" });
    const row = (await findConnection(t.db, t.orgId, "quickbooks"))!;
    const { sealCredentials } = await import("@/lib/integrations/connections/credentials");
    const tokens = await readCredentials<Record<string, unknown>>(t.db, appKeyring(), row, "QuickBooks Online");
    await t.db.updateTable("connections").set({ token_expires_at: new Date(Date.now() - 1000), credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where("id", "=", row.id).execute();
    const { order } = await paidOrder({ name: "Rex Revoked", email: "rex@example.test" }, 1);
    expect((await delivery(order.id, "ticket.purchased")).status).toBe("dead");
    const marked = await waitFor(async () => {
      const r = await findConnection(t.db, t.orgId, "quickbooks");
      return r?.status === "needs_attention" ? r : undefined;
    }, { what: "the connection to need attention", timeoutMs: 20_000 });
    expect(marked.status_reason).toMatch(/reconnect/i);
    // The payment itself went through: nothing here blocks it.
    expect((await t.db.selectFrom("orders").select("status").where("id", "=", order.id).executeTakeFirstOrThrow()).status).toBe("paid");
  });
});
