"use client";
import { useActionState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/http/errors";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

export function TicketTypeForm({ action, defaultCurrency }: { action: Action; defaultCurrency: string }) {
  const [state, formAction] = useActionState(action, { ok: true, values: { currency: defaultCurrency } });
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-3" noValidate aria-label="Add a ticket type">
      <FormMessage message={state.message} ok={state.ok} />
      <div className="grid gap-3 sm:grid-cols-4">
        <Field name="name" label="Ticket name" errors={e.name}>
          {(p) => <input {...p} defaultValue={v.name} key={`n-${v.name}`} />}
        </Field>
        <Field name="price" label="Price" errors={e.price} hint="0 for a free ticket">
          {(p) => <input {...p} inputMode="decimal" defaultValue={v.price ?? "0"} key={`p-${v.price}`} />}
        </Field>
        <Field name="currency" label="Currency" errors={e.currency}>
          {(p) => <input {...p} maxLength={3} defaultValue={v.currency ?? defaultCurrency} key={`cur-${v.currency}`} />}
        </Field>
        <Field name="quantity" label="Quantity" errors={e.quantity}>
          {(p) => <input {...p} type="number" min={1} defaultValue={v.quantity} key={`q-${v.quantity}`} />}
        </Field>
      </div>
      <SubmitButton variant="secondary" pendingText="Adding…">Add ticket type</SubmitButton>
    </form>
  );
}
