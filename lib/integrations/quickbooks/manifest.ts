// QuickBooks Online as data: what the catalog shows, the grant an Intuit app asks
// for, and how sales are booked (accounts, tax code and items chosen from the company's own lists).
import { z } from "zod";
import { defineManifest, type ConnectorContext, type OAuthTokens } from "../contract";
import { oauthTokensSchema } from "../oauth/tokens";
import { QUICKBOOKS_LIVE_BASE } from "./endpoints";

const quickbooksSettings = z.object({
  document: z
    .enum(["sales_receipt", "invoice_payment"])
    .default("sales_receipt")
    .meta({ label: "Book a paid order as", help: "A sales receipt (paid at once), or an invoice with a payment against it.", choiceLabels: { sales_receipt: "Sales receipt", invoice_payment: "Invoice and payment" } }),
  incomeAccountId: z.string().trim().default("").meta({ label: "Income account", input: "select", help: "Where ticket sales are booked; items created for ticket types use it." }),
  depositAccountId: z.string().trim().default("").meta({ label: "Deposit to", input: "select", help: "The account payments go to and refunds come from; Undeposited Funds when empty." }),
  taxCodeId: z.string().trim().default("").meta({ label: "Tax code", input: "select", help: "Put on every line; the company's default when empty." }),
  itemId: z.string().trim().default("").meta({ label: "Item for all ticket types", input: "select", help: "Empty: a service item per ticket type, created on first use." }),
  itemByTicketType: z
    .record(z.string(), z.string().trim())
    .default({})
    .meta({ label: "Item per ticket type", mapKeys: "ticketTypeNames", emptyChoice: "Default", help: "A ticket type's own item, by its name (for every event); Default uses the item for all ticket types above, or one created on first use." }),
});
export type QuickBooksSettings = z.infer<typeof quickbooksSettings>;
export type QuickBooksContext = ConnectorContext<OAuthTokens, QuickBooksSettings>;

export const QUICKBOOKS_SCOPES = ["com.intuit.quickbooks.accounting"];

export const manifest = defineManifest<OAuthTokens, QuickBooksSettings>({
  id: "quickbooks",
  name: "QuickBooks Online",
  category: "accounting",
  description: "Book every paid order as a sales receipt (or an invoice and payment) and every refund as a refund receipt, with buyers as customers and ticket types as items; voided receipts are flagged on the order.",
  auth: "oauth2",
  baseUrls: { live: QUICKBOOKS_LIVE_BASE, sandboxPath: "/quickbooks/" },
  credentialsSchema: oauthTokensSchema,
  settingsSchema: quickbooksSettings,
  oauth: { scopes: QUICKBOOKS_SCOPES, pkce: false, scopeSeparator: " " },
  // Intuit allows 500 requests a minute per company (and 10 at once); this stays under it.
  rateLimit: { capacity: 40, refillPerSecond: 7 },
});
