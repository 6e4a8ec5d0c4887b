"use client";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import type { FormState } from "@/lib/http/errors";

/** Replays every failed message of the endpoint created since the given time. */
export function ReplayForm({ action, defaultSince }: { action: (fd: FormData) => Promise<FormState>; defaultSince: string }) {
  const { state, pending, onSubmit } = useSubmit(action);
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Replay failed messages" className="space-y-2">
      <FormMessage message={state.message} ok={state.ok} />
      <div className="flex flex-wrap items-end gap-3">
        <Field name="since" label="Failed since (UTC)" errors={state.fieldErrors?.since}>
          {(p) => <input {...p} type="datetime-local" className={`${inputClass} max-w-60`} defaultValue={state.values?.since ?? defaultSince} />}
        </Field>
        <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60">
          {pending ? "Queueing…" : "Replay failed messages"}
        </button>
      </div>
    </form>
  );
}
