// The books' rules, as QuickBooks Online applies them: unique names for
// customers and items, references that must exist, closed periods, SyncToken
// optimistic locking, totals computed from lines, and void.
import type { FaultError } from "./errors";
import type { Entity, QuickBooksState } from "./state";

export const ENTITIES: Record<string, string> = {
  customer: "Customer",
  item: "Item",
  account: "Account",
  taxcode: "TaxCode",
  salesreceipt: "SalesReceipt",
  invoice: "Invoice",
  payment: "Payment",
  refundreceipt: "RefundReceipt",
};
/** Entities the app may create or change; accounts and tax codes are set up by the accountant. */
export const WRITABLE = new Set(["Customer", "Item", "SalesReceipt", "Invoice", "Payment", "RefundReceipt"]);
export const TRANSACTIONS = new Set(["SalesReceipt", "Invoice", "Payment", "RefundReceipt"]);
const NAMED: Record<string, string> = { Customer: "DisplayName", Item: "Name" };

export class BooksFault extends Error {
  constructor(readonly status: number, readonly error: FaultError) {
    super(error.Message);
  }
}

export function table(state: QuickBooksState, entity: string): Map<string, Entity> {
  let t = state.books.get(entity);
  if (!t) state.books.set(entity, (t = new Map()));
  return t;
}

type Ref = { value?: unknown } | undefined;
const refId = (r: unknown): string | undefined => (r && typeof r === "object" ? String((r as { value?: unknown }).value ?? "") || undefined : undefined);

function mustExist(state: QuickBooksState, entity: string, ref: unknown, element: string): void {
  const id = refId(ref);
  if (!id || !table(state, entity).has(id)) {
    throw new BooksFault(400, { Message: "Invalid Reference Id", Detail: `Invalid Reference Id : ${entity} assigned is not found: ${id ?? "(none)"}`, code: "2500", element });
  }
}

type Line = { Amount?: unknown; DetailType?: string; SalesItemLineDetail?: { ItemRef?: Ref; Qty?: unknown; UnitPrice?: unknown; TaxCodeRef?: Ref }; LinkedTxn?: Array<{ TxnId?: string; TxnType?: string }> };

function checkRules(state: QuickBooksState, entity: string, body: Record<string, unknown>, selfId: string | null, today: string): void {
  const nameField = NAMED[entity];
  if (nameField && typeof body[nameField] === "string") {
    const name = (body[nameField] as string).trim().toLowerCase();
    const clash = [...table(state, entity).values()].find((e) => e.Id !== selfId && String(e[nameField] ?? "").trim().toLowerCase() === name);
    if (clash || state.faults.duplicateName.delete(entity)) {
      throw new BooksFault(400, { Message: "Duplicate Name Exists Error", Detail: `The name supplied already exists. : Another ${entity.toLowerCase()} is already using this name. Please use a different name.`, code: "6240", element: nameField });
    }
  }
  if (entity === "Item" && "IncomeAccountRef" in body) mustExist(state, "Account", body.IncomeAccountRef, "IncomeAccountRef");
  if (TRANSACTIONS.has(entity)) {
    if ("CustomerRef" in body || !selfId) mustExist(state, "Customer", body.CustomerRef, "CustomerRef");
    const txnDate = typeof body.TxnDate === "string" ? body.TxnDate : today;
    if (state.faults.closedBefore && txnDate < state.faults.closedBefore) {
      throw new BooksFault(400, { Message: "Account Period Closed", Detail: `Account Period Closed, cannot update through Services API. The books are closed before ${state.faults.closedBefore}; the transaction is dated ${txnDate}.`, code: "6210", element: "TxnDate" });
    }
    for (const line of (body.Line as Line[] | undefined) ?? []) {
      if (line.SalesItemLineDetail) {
        mustExist(state, "Item", line.SalesItemLineDetail.ItemRef, "Line.SalesItemLineDetail.ItemRef");
        if (line.SalesItemLineDetail.TaxCodeRef) mustExist(state, "TaxCode", line.SalesItemLineDetail.TaxCodeRef, "Line.SalesItemLineDetail.TaxCodeRef");
      }
      for (const l of line.LinkedTxn ?? []) if (l.TxnType && l.TxnId) mustExist(state, l.TxnType, { value: l.TxnId }, "Line.LinkedTxn");
    }
    if (entity === "RefundReceipt") mustExist(state, "Account", body.DepositToAccountRef, "DepositToAccountRef");
  }
}

function totals(entity: string, e: Record<string, unknown>): void {
  if (!TRANSACTIONS.has(entity) || entity === "Payment") return;
  const lines = (e.Line as Line[] | undefined) ?? [];
  const total = lines.filter((l) => l.DetailType !== "SubTotalLineDetail").reduce((s, l) => s + Number(l.Amount ?? 0), 0);
  e.TotalAmt = Math.round(total * 100) / 100;
  if (entity === "Invoice") e.Balance ??= e.TotalAmt;
}

export function create(state: QuickBooksState, entity: string, body: Record<string, unknown>, nowMs: number): Entity {
  const now = new Date(nowMs).toISOString();
  const today = now.slice(0, 10);
  checkRules(state, entity, body, null, today);
  const id = String(state.nextId++);
  const e: Entity = { ...body, Id: id, SyncToken: "0", MetaData: { CreateTime: now, LastUpdatedTime: now } };
  if (TRANSACTIONS.has(entity)) e.TxnDate ??= today;
  if (entity === "Customer" || entity === "Item") e.Active ??= true;
  totals(entity, e);
  if (entity === "Payment") applyPayment(state, e);
  table(state, entity).set(id, e);
  return e;
}

function applyPayment(state: QuickBooksState, payment: Entity): void {
  for (const line of (payment.Line as Line[] | undefined) ?? []) {
    for (const l of line.LinkedTxn ?? []) {
      const inv = l.TxnType === "Invoice" && l.TxnId ? table(state, "Invoice").get(l.TxnId) : undefined;
      if (inv) inv.Balance = Math.max(0, Math.round((Number(inv.Balance ?? inv.TotalAmt ?? 0) - Number(line.Amount ?? 0)) * 100) / 100);
    }
  }
}

function current(state: QuickBooksState, entity: string, body: Record<string, unknown>): Entity {
  const e = table(state, entity).get(String(body.Id));
  if (!e) throw new BooksFault(400, { Message: "Object Not Found", Detail: `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.`, code: "610" });
  // A forced conflict: someone else saved the object first, so its token moved on.
  if (state.faults.stale.delete(`${entity}:${e.Id}`)) e.SyncToken = String(Number(e.SyncToken) + 1);
  if (String(body.SyncToken) !== e.SyncToken) {
    throw new BooksFault(400, { Message: "Stale Object Error", Detail: `Stale Object Error : You and accountant@sandbox.test were working on this at the same time. accountant@sandbox.test finished before you did, so your work was not saved.`, code: "5010" });
  }
  return e;
}

export function update(state: QuickBooksState, entity: string, body: Record<string, unknown>, nowMs: number): Entity {
  const e = current(state, entity, body);
  const now = new Date(nowMs).toISOString();
  checkRules(state, entity, body, e.Id, (e.TxnDate as string | undefined) ?? now.slice(0, 10));
  const sparse = body.sparse === true;
  const next: Entity = { ...(sparse ? e : { Id: e.Id }), ...body, Id: e.Id, SyncToken: String(Number(e.SyncToken) + 1), MetaData: { CreateTime: e.MetaData.CreateTime, LastUpdatedTime: now } } as Entity;
  delete next.sparse;
  totals(entity, next);
  table(state, entity).set(e.Id, next);
  return next;
}

/** Voiding keeps the document with zero amounts and "Voided" in its private note, as QuickBooks does. */
export function voidTxn(state: QuickBooksState, entity: string, body: Record<string, unknown>, nowMs: number): Entity {
  const e = current(state, entity, body);
  const lines = ((e.Line as Line[] | undefined) ?? []).map((l) => ({ ...l, Amount: 0, ...(l.SalesItemLineDetail ? { SalesItemLineDetail: { ...l.SalesItemLineDetail, Qty: 0, UnitPrice: 0 } } : {}) }));
  const now = new Date(nowMs).toISOString();
  const next: Entity = { ...e, Line: lines, TotalAmt: 0, PrivateNote: `Voided${e.PrivateNote ? ` - ${String(e.PrivateNote)}` : ""}`, SyncToken: String(Number(e.SyncToken) + 1), MetaData: { CreateTime: e.MetaData.CreateTime, LastUpdatedTime: now } };
  if (entity === "Invoice") next.Balance = 0;
  table(state, entity).set(e.Id, next);
  return next;
}
