// Invoices for a group of tickets, sent to a company and paid later. The generic
// side (lib/invoices) holds the places in a pending order until the invoice is
// paid, voided or overdue; the provider issues, sends and voids the invoice, and
// its callbacks settle or release the order.
import type { InvoiceLine } from "@/lib/invoices/hold";
import type { InvoiceState } from "@/lib/invoices/state";

export interface InvoiceToIssue {
  orderId: string;
  customerId: string;
  /** One per ticket type: its name, unit price and number of tickets. */
  lines: InvoiceLine[];
  currency: string;
  daysUntilDue: number;
  /** Printed on the invoice: the event and the buyer's reference, if any. */
  description: string;
}

export interface Invoicing<Ctx> {
  /** Creates, finalizes and sends the invoice; idempotent per order. */
  issueInvoice(ctx: Ctx, invoice: InvoiceToIssue): Promise<{ invoiceId: string; hostedUrl: string | null; dueAt: Date }>;
  voidInvoice(ctx: Ctx, invoiceId: string): Promise<void>;
  /**
   * Issuing failed or was never confirmed, so it is unknown how far it got:
   * make sure no invoice for this order can be paid (a draft deleted, an open one
   * voided). "paid" when one was paid already: its callback settles the order.
   */
  withdrawInvoice(ctx: Ctx, ref: { orderId: string; customerId: string }): Promise<"withdrawn" | "paid">;
  /** The invoice as it stands now: for open invoices past due whose callback never came (the sweep in lib/checkout/invoice-company). */
  readInvoice(ctx: Ctx, invoiceId: string): Promise<InvoiceState>;
}
