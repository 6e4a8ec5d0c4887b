// What an admin fills in to invoice a company for a group of tickets.
import { z } from "zod";

export const DEFAULT_DAYS_UNTIL_DUE = 14;
/** A group order, not a whole event: larger sales are split into several invoices. */
export const MAX_INVOICED_TICKETS = 500;

/** An empty form field means "the default", not a bad value. */
const blankIsUnset = (v: unknown) => (v === "" || v === null ? undefined : v);

export const invoiceInput = z.object({
  companyName: z.string().trim().min(1, "Enter the company's name").max(200, "Keep the company's name under 200 characters"),
  billingEmail: z.string().trim().toLowerCase().pipe(z.email("Enter the e-mail address the invoice goes to, such as accounts@example.com")),
  reference: z.preprocess(blankIsUnset, z.string().trim().max(100, "Keep the reference under 100 characters").optional()).transform((v) => v || null),
  ticketTypeId: z.uuid("Choose a ticket type"),
  quantity: z.coerce.number("Enter how many tickets").int("Enter a whole number of tickets").min(1, "Invoice at least one ticket").max(MAX_INVOICED_TICKETS, `At most ${MAX_INVOICED_TICKETS} tickets per invoice`),
  daysUntilDue: z.preprocess(
    blankIsUnset,
    z.coerce.number().int("Enter a whole number of days").min(1, "The invoice is due at least one day after it is sent").max(365, "At most 365 days until due").default(DEFAULT_DAYS_UNTIL_DUE),
  ),
  /** Made by the page when it is shown, so a double submit finds the order the first one made. */
  attempt: z.uuid("Reload the page and try again"),
});
export type InvoiceInput = z.output<typeof invoiceInput>;

/** The name an invoiced ticket carries until the company names its holder (by transferring it). */
export function placeholderName(company: string, k: number, n: number): string {
  return `${company} ticket ${k} of ${n}`;
}
