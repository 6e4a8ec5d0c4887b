"use client";
// Creates or edits a membership plan: its price and what it grants on tickets.
import { Field, FormMessage } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import type { FormState } from "@/lib/http/errors";

export interface PlanFormValues {
  name: string;
  interval: "month" | "year";
  price: string;
  currency: string;
  discountPercent: string;
  ticketTypeNames: string;
}

export function PlanForm({ action, initial, submitLabel, idPrefix }: { action: (fd: FormData) => Promise<FormState>; initial?: PlanFormValues; submitLabel: string; idPrefix: string }) {
  const { state, pending, onSubmit } = useSubmit(action);
  const errors = state.fieldErrors ?? {};
  const v = { ...initial, ...state.values } as Partial<PlanFormValues>;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={submitLabel} className="mt-3 grid grid-cols-2 gap-4">
      <div className="col-span-2"><FormMessage message={state.message} ok={state.ok} /></div>
      <Field name="name" idPrefix={idPrefix} label="Plan name" errors={errors.name}>
        {(p) => <input {...p} type="text" maxLength={80} defaultValue={v.name ?? ""} />}
      </Field>
      <Field name="interval" idPrefix={idPrefix} label="Billed" errors={errors.interval}>
        {(p) => (
          <select {...p} defaultValue={v.interval ?? "month"}>
            <option value="month">Monthly</option>
            <option value="year">Yearly</option>
          </select>
        )}
      </Field>
      <Field name="price" idPrefix={idPrefix} label="Price" errors={errors.price} hint="Per month or year. A new price applies to new members; current members keep theirs.">
        {(p) => <input {...p} type="text" inputMode="decimal" defaultValue={v.price ?? ""} />}
      </Field>
      <Field name="currency" idPrefix={idPrefix} label="Currency" errors={errors.currency}>
        {(p) => <input {...p} type="text" maxLength={3} defaultValue={v.currency ?? "EUR"} />}
      </Field>
      <Field name="discountPercent" idPrefix={idPrefix} label="Discount on tickets (%)" errors={errors.discountPercent} hint="100 makes the tickets free for members.">
        {(p) => <input {...p} type="number" min={1} max={100} defaultValue={v.discountPercent ?? "20"} />}
      </Field>
      <Field name="ticketTypeNames" idPrefix={idPrefix} label="Ticket types" errors={errors.ticketTypeNames} hint="Names separated by commas, such as “Standard, Workshop”; empty for every ticket type.">
        {(p) => <input {...p} type="text" defaultValue={v.ticketTypeNames ?? ""} />}
      </Field>
      <div className="col-span-2">
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {pending ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
