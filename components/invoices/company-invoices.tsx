// The event's invoiced orders: who was invoiced for how many places, where the
// invoice stands, its hosted page, and voiding an open one.
import { ActionButton } from "@/components/ui/action-button";
import { Badge } from "@/components/ui/badge";
import { formatMoney } from "@/lib/domain/money";
import type { EventInvoice } from "@/lib/invoices/store";
import type { FormState } from "@/lib/http/errors";

const STATUS_TEXT: Record<EventInvoice["status"], string> = {
  issuing: "being issued; the places are held",
  open: "sent; the places are held until it is paid",
  overdue: "past due; the places were released (paid late, it takes them again if still free)",
  paid: "paid; the tickets are valid",
  void: "voided; the places were released",
  uncollectible: "marked uncollectible; the places were released",
  failed: "could not be issued; the places were released",
};

export function CompanyInvoices({
  invoices,
  voidAction,
  format,
}: {
  invoices: EventInvoice[];
  voidAction: (orderId: string) => (prev: FormState) => Promise<FormState>;
  format: (d: Date) => string;
}) {
  if (invoices.length === 0) return <p className="mt-2 text-sm text-slate-600">No company has been invoiced for this event yet.</p>;
  return (
    <table className="mt-3 w-full text-sm" data-testid="company-invoices">
      <thead className="text-left text-slate-600">
        <tr><th className="py-1 pr-4">Company</th><th className="pr-4">Tickets</th><th className="pr-4">Amount</th><th className="pr-4">Due</th><th className="pr-4">Invoice</th><th><span className="sr-only">Actions</span></th></tr>
      </thead>
      <tbody>
        {invoices.map((i) => (
          <tr key={i.orderId} className="border-t border-slate-100" data-testid="company-invoice-row">
            <td className="py-2 pr-4">
              {i.companyName}
              <span className="block text-xs text-slate-600">{i.billingEmail}{i.reference ? ` · ref. ${i.reference}` : ""}</span>
            </td>
            <td className="pr-4">{i.tickets} × {i.ticketTypeName}</td>
            <td className="pr-4 tabular-nums">{formatMoney(i.totalMinor, i.currency)}</td>
            <td className="pr-4">{i.dueAt ? format(i.dueAt) : "—"}</td>
            <td className="pr-4">
              <Badge value={i.status} /> <span className="text-slate-600">{STATUS_TEXT[i.status]}</span>
              {i.lastError ? <span className="block text-xs text-red-700">{i.lastError}</span> : null}
              {i.hostedUrl ? <a href={i.hostedUrl} target="_blank" rel="noreferrer" className="block text-xs text-brand-700 underline">Invoice page</a> : null}
            </td>
            <td>
              {i.status === "open" || i.status === "overdue" ? (
                <ActionButton action={voidAction(i.orderId)} label="Void" variant="secondary" confirm={`Void the invoice to ${i.companyName}? Its ${i.tickets} place(s) become free for others.`} />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
