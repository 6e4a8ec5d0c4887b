"use client";
// One button that runs one server action and shows its outcome beside it.
import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/http/errors";

export function ActionButton({ action, label, variant, confirm }: { action: (prev: FormState) => Promise<FormState>; label: string; variant?: "primary" | "secondary" | "danger"; confirm?: string }) {
  const [state, formAction] = useActionState(action, { ok: true });
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
      className="inline-flex items-center gap-2"
    >
      <SubmitButton variant={variant}>{label}</SubmitButton>
      {state.message ? (
        <span role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
