"use client";
// One member's role: a select and its button, with the outcome beside them.
import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Role } from "@/lib/db/schema";
import type { FormState } from "@/lib/http/errors";

export function RoleForm({ action, current, roles, who }: { action: (prev: FormState, fd: FormData) => Promise<FormState>; current: Role; roles: Array<{ value: Role; label: string }>; who: string }) {
  const [state, formAction] = useActionState(action, { ok: true });
  const id = `role-${who.replace(/[^A-Za-z0-9]/g, "-")}`;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2" aria-label={`Role of ${who}`}>
      <label htmlFor={id} className="sr-only">Role of {who}</label>
      <select id={id} name="role" defaultValue={current} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
        {roles.map((r) => (
          <option key={r.value} value={r.value}>{r.label}</option>
        ))}
      </select>
      <SubmitButton variant="secondary">Change role</SubmitButton>
      {state.message ? (
        <span role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
