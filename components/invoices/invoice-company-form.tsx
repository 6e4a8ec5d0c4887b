"use client";
// "Invoice a company": N places held for a company until its invoice is paid.
import { useActionState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/http/errors";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

export interface InvoiceableType {
  id: string;
  label: string;
}

export function InvoiceCompanyForm({ action, ticketTypes, attempt, defaultDays }: { action: Action; ticketTypes: InvoiceableType[]; attempt: string; defaultDays: number }) {
  const [state, formAction] = useActionState(action, { ok: true, values: { attempt } });
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  // A new attempt id after each answer remounts the fields: a sent invoice clears them, a refused one keeps what was typed.
  const k = v.attempt ?? attempt;
  return (
    <form action={formAction} className="space-y-3" noValidate aria-label="Invoice a company">
      <FormMessage message={state.message} ok={state.ok} />
      <input type="hidden" name="attempt" value={k} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field name="companyName" label="Company" errors={e.companyName}>
          {(p) => <input {...p} defaultValue={v.companyName} key={`c-${k}`} autoComplete="organization" />}
        </Field>
        <Field name="billingEmail" label="Billing e-mail" errors={e.billingEmail} hint="The invoice is sent here.">
          {(p) => <input {...p} type="email" defaultValue={v.billingEmail} key={`e-${k}`} />}
        </Field>
        <Field name="reference" label="Reference or PO (optional)" errors={e.reference}>
          {(p) => <input {...p} defaultValue={v.reference} key={`r-${k}`} />}
        </Field>
        <Field name="ticketTypeId" label="Ticket type" errors={e.ticketTypeId}>
          {(p) => (
            <select {...p} defaultValue={v.ticketTypeId ?? ticketTypes[0]?.id} key={`t-${k}`}>
              {ticketTypes.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
            </select>
          )}
        </Field>
        <Field name="quantity" label="Tickets" errors={e.quantity}>
          {(p) => <input {...p} type="number" min={1} defaultValue={v.quantity} key={`q-${k}`} />}
        </Field>
        <Field name="daysUntilDue" label="Days until due" errors={e.daysUntilDue} hint="The places are released if it is not paid by then.">
          {(p) => <input {...p} type="number" min={1} max={365} defaultValue={v.daysUntilDue || String(defaultDays)} key={`d-${k}`} />}
        </Field>
      </div>
      <SubmitButton variant="secondary" pendingText="Sending the invoice…">Send invoice</SubmitButton>
    </form>
  );
}
