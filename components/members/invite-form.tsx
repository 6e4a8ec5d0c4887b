"use client";
// Invites one address with a role; what was typed stays when the server says no.
import { Field, FormMessage } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import type { Role } from "@/lib/db/schema";
import type { FormState } from "@/lib/http/errors";

export function InviteForm({ action, roles }: { action: (fd: FormData) => Promise<FormState>; roles: Array<{ value: Role; label: string }> }) {
  const { state, pending, onSubmit } = useSubmit(action);
  const errors = state.fieldErrors ?? {};
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Invite a person" className="mt-3 space-y-4">
      <FormMessage message={state.message} ok={state.ok} />
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <Field name="email" idPrefix="invite" label="E-mail" errors={errors.email} hint="They get a link that works once, for 7 days.">
          {(p) => <input {...p} type="email" autoComplete="off" maxLength={320} defaultValue={state.ok ? "" : (state.values?.email ?? "")} key={state.ok ? state.message : "retry"} />}
        </Field>
        <Field name="role" idPrefix="invite" label="Role" errors={errors.role}>
          {(p) => (
            <select {...p} defaultValue={state.values?.role ?? "member"}>
              {roles.map((r) => (
                <option key={r.value} value={r.value}>{r.label}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Sending…" : "Send invitation"}
      </button>
    </form>
  );
}
