// Booking orders: the buyer as a Customer (found by e-mail, never made twice),
// each ticket type as a service Item, a paid order as a SalesReceipt (or an
// Invoice and a Payment), a refund as a RefundReceipt. Each document carries our
// reference in DocNumber (and the order id in PrivateNote), so a re-run finds
// the document it made before instead of making a second.
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { AttendeeSnapshot, EventSnapshot, OrderSnapshot } from "@/lib/domain/outbox/catalog";
import { findExternal, saveExternal } from "../external-objects";
import { create, query, quoted, updateFresh, type QboEntity } from "./api";
import type { QuickBooksContext } from "./manifest";

export const KIND = { customer: "qbo:customer", item: "qbo:item", sale: "qbo:sale", payment: "qbo:payment", refund: "qbo:refund" } as const;

/** Intuit's DocNumber holds 21 characters: a prefix and 72 bits of a hash of our own ids. */
export function docNumber(prefix: "SW" | "RF", ...ids: string[]): string {
  return `${prefix}-${createHash("sha256").update(ids.join(":")).digest("hex").slice(0, 18)}`;
}

const amount = (minor: number) => Math.round(minor) / 100;

/** Our records are keyed by uuid: a stable one for what has no id of its own (an e-mail, a set of refunded tickets). */
export function stableUuid(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// --- customers ---------------------------------------------------------------

function names(full: string): { GivenName?: string; FamilyName?: string } {
  const parts = full.trim().split(/\s+/);
  if (parts.length < 2) return { GivenName: full.trim().slice(0, 100) };
  return { GivenName: parts.slice(0, -1).join(" ").slice(0, 100), FamilyName: parts.at(-1)!.slice(0, 100) };
}

/** The buyer's Customer: the one we recorded, else the one QuickBooks has with that e-mail, else a new one. */
export async function customerFor(ctx: QuickBooksContext, buyer: { name: string; email: string }): Promise<string> {
  const email = buyer.email.trim().toLowerCase();
  const localId = stableUuid(`customer:${email}`);
  const known = await findExternal(ctx.db, ctx.connection.id, KIND.customer, localId);
  let id = known?.externalId;
  if (!id) {
    const [found] = await query(ctx, "Customer", `PrimaryEmailAddr = ${quoted(email)}`, "customer.find");
    // Display names are unique in QuickBooks, so the e-mail makes two buyers of one name two customers.
    id = found?.Id ?? (await create(ctx, "Customer", { DisplayName: `${buyer.name.trim()} (${email})`.slice(0, 500), ...names(buyer.name), PrimaryEmailAddr: { Address: email } })).Id;
    await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: KIND.customer, localId, externalId: id, data: { name: buyer.name } });
  } else if (known && known.data.name !== buyer.name) {
    // The same person under a new name: keep QuickBooks' customer in step, re-reading it if someone edited it meanwhile.
    await updateFresh(ctx, "Customer", id, () => names(buyer.name));
    await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: KIND.customer, localId, externalId: id, data: { name: buyer.name } });
  }
  return id;
}

// --- items ---------------------------------------------------------------------

async function incomeAccount(ctx: QuickBooksContext): Promise<string> {
  if (ctx.settings.incomeAccountId) return ctx.settings.incomeAccountId;
  const [first] = await query(ctx, "Account", "AccountType = 'Income'", "account.find");
  if (!first) throw new Error("QuickBooks has no income account; choose one in the QuickBooks settings");
  return first.Id;
}

/** The ticket type's service Item: the admin's choice for its name, their choice for all, the one we made, one of the same name, or a new one. */
export async function itemFor(ctx: QuickBooksContext, event: EventSnapshot, ticketType: { id: string; name: string; priceMinor: number }): Promise<string> {
  const chosen = ctx.settings.itemByTicketType?.[ticketType.name] || ctx.settings.itemId;
  if (chosen) return chosen;
  const known = await findExternal(ctx.db, ctx.connection.id, KIND.item, ticketType.id);
  if (known) return known.externalId;
  // Item names are unique in QuickBooks and at most 100 characters; colons separate sub-items there.
  const name = `${event.title} - ${ticketType.name}`.replace(/:/g, " ").slice(0, 100);
  const [found] = await query(ctx, "Item", `Name = ${quoted(name)}`, "item.find");
  const id = found?.Id ?? (await create(ctx, "Item", { Name: name, Type: "Service", IncomeAccountRef: { value: await incomeAccount(ctx) }, UnitPrice: amount(ticketType.priceMinor), Description: `Ticket: ${ticketType.name}, ${event.title}` })).Id;
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: KIND.item, localId: ticketType.id, externalId: id });
  return id;
}

// --- documents -----------------------------------------------------------------

interface TicketPrice {
  id: string;
  name: string;
  priceMinor: number;
}

async function ticketPrices(ctx: QuickBooksContext, eventId: string): Promise<Map<string, TicketPrice>> {
  const rows = await ctx.db.selectFrom("ticket_types").select(["id", "name", "price_minor"]).where("event_id", "=", eventId).where("org_id", "=", ctx.connection.orgId).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, priceMinor: r.price_minor }]));
}

/** What each of these tickets cost its buyer (a member pays less); rows from before that was kept paid the type's price. */
async function pricesPaid(ctx: QuickBooksContext, attendees: AttendeeSnapshot[]): Promise<Map<string, number>> {
  if (attendees.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom("attendees")
    .select(["id", "price_paid_minor"])
    .where("id", "in", attendees.map((a) => a.id))
    .where("org_id", "=", ctx.connection.orgId)
    .execute();
  return new Map(rows.flatMap((r) => (r.price_paid_minor === null ? [] : [[r.id, r.price_paid_minor] as const])));
}

/** One line per ticket type and price paid: the type's price, or a member's lower one. */
async function lines(ctx: QuickBooksContext, event: EventSnapshot, attendees: AttendeeSnapshot[]) {
  const [prices, paid] = await Promise.all([ticketPrices(ctx, event.id), pricesPaid(ctx, attendees)]);
  const groups = new Map<string, { typeId: string; unit: number | null; qty: number }>();
  for (const a of attendees) {
    const unit = paid.get(a.id) ?? null;
    const key = `${a.ticketTypeId}:${unit ?? "type"}`;
    const g = groups.get(key) ?? { typeId: a.ticketTypeId, unit, qty: 0 };
    g.qty += 1;
    groups.set(key, g);
  }
  const out = [];
  for (const { typeId, unit, qty } of groups.values()) {
    const known = prices.get(typeId) ?? { id: typeId, name: attendees.find((a) => a.ticketTypeId === typeId)?.ticketTypeName ?? "Ticket", priceMinor: 0 };
    const t = unit === null ? known : { ...known, priceMinor: unit };
    out.push({
      Amount: amount(t.priceMinor * qty),
      DetailType: "SalesItemLineDetail",
      Description: `${t.name} × ${qty}, ${event.title}`.slice(0, 4000),
      SalesItemLineDetail: { ItemRef: { value: await itemFor(ctx, event, known) }, Qty: qty, UnitPrice: amount(t.priceMinor), ...(ctx.settings.taxCodeId ? { TaxCodeRef: { value: ctx.settings.taxCodeId } } : {}) },
    });
  }
  return out;
}

async function depositAccount(ctx: QuickBooksContext): Promise<string> {
  if (ctx.settings.depositAccountId) return ctx.settings.depositAccountId;
  const [undeposited] = await query(ctx, "Account", "AccountSubType = 'UndepositedFunds'", "account.find");
  if (!undeposited) throw new Error("QuickBooks has no Undeposited Funds account; choose a deposit account in the QuickBooks settings");
  return undeposited.Id;
}

/** The document booked for `localId`: ours on record, else the one QuickBooks has with our DocNumber. */
async function existing(ctx: QuickBooksContext, kind: string, localId: string, entity: string, where: string, orderId: string): Promise<string | undefined> {
  const known = await findExternal(ctx.db, ctx.connection.id, kind, localId);
  if (known) return known.externalId;
  const [found] = await query(ctx, entity, where, `${entity.toLowerCase()}.find`);
  if (found) await remember(ctx, kind, localId, entity, found, orderId);
  return found?.Id;
}

async function remember(ctx: QuickBooksContext, kind: string, localId: string, entity: string, doc: QboEntity, orderId: string): Promise<void> {
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind, localId, externalId: doc.Id, data: { entity, orderId, docNumber: doc.DocNumber ?? null } });
}

/**
 * One booking at a time per connection: the outbox's deliveries and a backfill
 * may reach the same order (or the same buyer) together, and QuickBooks has no
 * idempotency key, so each looks up and creates while holding the connection's
 * lock (a transaction-scoped advisory lock, released however the booking ends).
 */
async function oneAtATime(ctx: QuickBooksContext, book: () => Promise<void>): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`quickbooks-books:${ctx.connection.id}`}, 0))`.execute(tx);
    await book();
  });
}

/** A paid order: a SalesReceipt, or an Invoice and a Payment, once. */
export async function bookSale(ctx: QuickBooksContext, fact: { event: EventSnapshot; order: OrderSnapshot; attendees: AttendeeSnapshot[] }): Promise<void> {
  await oneAtATime(ctx, () => bookSaleNow(ctx, fact));
}

/** Refunded tickets: a RefundReceipt for exactly these tickets, once. */
export async function bookRefund(ctx: QuickBooksContext, fact: { event: EventSnapshot; order: OrderSnapshot; attendees: AttendeeSnapshot[] }): Promise<void> {
  await oneAtATime(ctx, () => bookRefundNow(ctx, fact));
}

async function bookSaleNow(ctx: QuickBooksContext, fact: { event: EventSnapshot; order: OrderSnapshot; attendees: AttendeeSnapshot[] }): Promise<void> {
  const { event, order } = fact;
  const doc = docNumber("SW", order.id);
  const note = `Switchboard order ${order.id} (${event.title})`;
  const asInvoice = ctx.settings.document === "invoice_payment";
  const entity = asInvoice ? "Invoice" : "SalesReceipt";
  let saleId = await existing(ctx, KIND.sale, order.id, entity, `DocNumber = ${quoted(doc)}`, order.id);
  if (!saleId) {
    const customer = await customerFor(ctx, { name: order.buyerName, email: order.buyerEmail });
    const body = { DocNumber: doc, PrivateNote: note, CustomerRef: { value: customer }, Line: await lines(ctx, event, fact.attendees), BillEmail: { Address: order.buyerEmail } };
    const made = await create(ctx, entity, asInvoice ? body : { ...body, DepositToAccountRef: { value: await depositAccount(ctx) } });
    await remember(ctx, KIND.sale, order.id, entity, made, order.id);
    saleId = made.Id;
  }
  if (!asInvoice) return;
  const paid = await existing(ctx, KIND.payment, order.id, "Payment", `PaymentRefNum = ${quoted(doc)}`, order.id);
  if (paid) return;
  const customer = await customerFor(ctx, { name: order.buyerName, email: order.buyerEmail });
  const payment = await create(ctx, "Payment", {
    CustomerRef: { value: customer },
    TotalAmt: amount(order.totalMinor),
    PaymentRefNum: doc,
    PrivateNote: note,
    DepositToAccountRef: { value: await depositAccount(ctx) },
    Line: [{ Amount: amount(order.totalMinor), LinkedTxn: [{ TxnId: saleId, TxnType: "Invoice" }] }],
  });
  await remember(ctx, KIND.payment, order.id, "Payment", payment, order.id);
}

async function bookRefundNow(ctx: QuickBooksContext, fact: { event: EventSnapshot; order: OrderSnapshot; attendees: AttendeeSnapshot[] }): Promise<void> {
  const { event, order } = fact;
  const ids = fact.attendees.map((a) => a.id).sort();
  const doc = docNumber("RF", order.id, ...ids);
  const localId = stableUuid(`refund:${order.id}:${ids.join(",")}`);
  if (await existing(ctx, KIND.refund, localId, "RefundReceipt", `DocNumber = ${quoted(doc)}`, order.id)) return;
  const customer = await customerFor(ctx, { name: order.buyerName, email: order.buyerEmail });
  const made = await create(ctx, "RefundReceipt", {
    DocNumber: doc,
    PrivateNote: `Refund of Switchboard order ${order.id} (${event.title}): ${fact.attendees.length} ticket(s)`,
    CustomerRef: { value: customer },
    DepositToAccountRef: { value: await depositAccount(ctx) },
    Line: await lines(ctx, event, fact.attendees),
  });
  await remember(ctx, KIND.refund, localId, "RefundReceipt", made, order.id);
}
