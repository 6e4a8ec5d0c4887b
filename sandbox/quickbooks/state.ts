// One QuickBooks Online company (a realm) with its books: customers, items,
// accounts, tax codes and sales documents, the OAuth grants made to apps, the
// app's webhook endpoint with what was sent to it, and the faults a test asks for.
import { stateSlot } from "../core/state-slot";
import { emptyGrantBook, type GrantBook } from "../oauth/grants";

/** One entity as the JSON API shows it (Intuit's names), with the bookkeeping fields the sandbox keeps. */
export type Entity = Record<string, unknown> & { Id: string; SyncToken: string; MetaData: { CreateTime: string; LastUpdatedTime: string } };

export type SignatureKind = "valid" | "forged";

export interface Notification {
  id: number;
  at: string;
  url: string;
  body: string;
  signature: SignatureKind;
  status: number | null;
  error: string | null;
}

export interface QuickBooksState extends GrantBook {
  company: { realmId: string; name: string };
  /** Entity name ("Customer", "SalesReceipt") → id → entity. */
  books: Map<string, Map<string, Entity>>;
  nextId: number;
  faults: {
    /** Documents dated before this day (YYYY-MM-DD) are refused: the books are closed. */
    closedBefore: string | null;
    /** The next create of these entity names fails with Intuit's duplicate-name fault. */
    duplicateName: Set<string>;
    /** "Entity:Id" whose next update is refused as stale once, as if someone else changed it first. */
    stale: Set<string>;
  };
  webhooks: { url: string | null; verifierToken: string; nextId: number; sent: Notification[] };
}

/** Public on purpose, as the sandbox's OAuth apps are: it only signs for the local emulator. */
export const SANDBOX_QUICKBOOKS_VERIFIER_TOKEN = "sandbox-quickbooks-verifier-token-0000";
export const SANDBOX_REALM_ID = "9341453000000001";

function seeded(now: string): Map<string, Map<string, Entity>> {
  const meta = { CreateTime: now, LastUpdatedTime: now };
  const books = new Map<string, Map<string, Entity>>();
  const put = (name: string, e: Record<string, unknown> & { Id: string }) => {
    if (!books.has(name)) books.set(name, new Map());
    books.get(name)!.set(e.Id, { ...e, SyncToken: "0", MetaData: meta });
  };
  put("Account", { Id: "1", Name: "Event Ticket Sales", AccountType: "Income", AccountSubType: "ServiceFeeIncome", Active: true });
  put("Account", { Id: "2", Name: "Services", AccountType: "Income", AccountSubType: "ServiceFeeIncome", Active: true });
  put("Account", { Id: "3", Name: "Undeposited Funds", AccountType: "Other Current Asset", AccountSubType: "UndepositedFunds", Active: true });
  put("Account", { Id: "4", Name: "Checking", AccountType: "Bank", AccountSubType: "Checking", Active: true });
  put("TaxCode", { Id: "2", Name: "Exempt", Description: "Exempt from sales tax", Active: true, Taxable: false });
  put("TaxCode", { Id: "3", Name: "Standard", Description: "Standard rate", Active: true, Taxable: true });
  put("Item", { Id: "1", Name: "Services", Type: "Service", Active: true, IncomeAccountRef: { value: "2", name: "Services" } });
  return books;
}

export const QUICKBOOKS_STATE = stateSlot<"quickbooks", QuickBooksState>("quickbooks", (nowMs) => ({
  company: { realmId: SANDBOX_REALM_ID, name: "Sandbox Events Ltd" },
  ...emptyGrantBook(),
  books: seeded(new Date(nowMs).toISOString()),
  nextId: 100,
  faults: { closedBefore: null, duplicateName: new Set(), stale: new Set() },
  webhooks: { url: null, verifierToken: SANDBOX_QUICKBOOKS_VERIFIER_TOKEN, nextId: 1, sent: [] },
}));
