"use client";
// Rotate: a new secret signs from now on, shown once here; the old one keeps
// signing alongside it for 24 hours.
import { useState, useTransition } from "react";
import { FormMessage } from "@/components/ui/field";
import type { FormState } from "@/lib/http/errors";
import { SecretOnce } from "@/components/ui/secret-once";

export function RotateSecret({ action, hint }: { action: () => Promise<FormState & { secret?: string }>; hint: string }) {
  const [state, setState] = useState<FormState & { secret?: string }>({ ok: true });
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span>
          Signing secret: <code aria-label="Signing secret (masked)">{hint}</code>
        </span>
        <button
          type="button"
          disabled={pending}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60"
          onClick={() => {
            if (!window.confirm("Rotate the signing secret? The current one keeps signing for 24 hours alongside the new one.")) return;
            startTransition(async () => setState(await action()));
          }}
        >
          {pending ? "Rotating…" : "Rotate secret"}
        </button>
      </div>
      {state.secret ? (
        <div className="space-y-2 rounded-md bg-emerald-50 p-4 text-sm text-emerald-900">
          <p role="status">{state.message}</p>
          <SecretOnce secret={state.secret} testId="endpoint-secret" />
        </div>
      ) : (
        <FormMessage message={state.message} ok={state.ok} />
      )}
    </div>
  );
}
