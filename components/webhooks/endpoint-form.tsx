"use client";
// Add or edit an outbound endpoint. A failed submit keeps everything typed and
// ticked; a successful add shows the signing secret once.
import Link from "next/link";
import { useState, useTransition } from "react";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import type { FormState } from "@/lib/http/errors";
import { SecretOnce } from "@/components/ui/secret-once";

export interface EventTypeOption {
  type: string;
  description: string;
}

interface State extends FormState {
  secret?: string;
  endpointId?: string;
}

export function EndpointForm({
  action,
  eventTypes,
  mode,
  defaults,
}: {
  action: (fd: FormData) => Promise<State>;
  eventTypes: EventTypeOption[];
  mode: "create" | "edit";
  defaults?: { url: string; description: string; eventTypes: string[]; rateLimitPerSecond: number | null };
}) {
  const [state, setState] = useState<State>({ ok: true });
  const [pending, startTransition] = useTransition();
  // After a successful add the form starts empty again; any other answer keeps what was typed.
  const [formKey, setFormKey] = useState(0);
  const errors = state.fieldErrors ?? {};
  const v = state.values;
  const checked = new Set(v ? (v.eventTypes ?? "").split(",").filter(Boolean) : (defaults?.eventTypes ?? []));
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    startTransition(async () => {
      const next = await action(fd);
      setState(next);
      if (next.ok && mode === "create") setFormKey((k) => k + 1);
    });
  }
  return (
    <div className="space-y-4">
      {state.ok && state.secret ? (
        <div className="space-y-2 rounded-md bg-emerald-50 p-4 text-sm text-emerald-900">
          <p role="status">{state.message}</p>
          <SecretOnce secret={state.secret} testId="endpoint-secret" />
          {state.endpointId ? (
            <Link href={`/settings/webhooks/${state.endpointId}`} className="text-brand-700 underline">
              Open the endpoint
            </Link>
          ) : null}
        </div>
      ) : (
        <FormMessage message={state.message} ok={state.ok} />
      )}
      <form key={formKey} onSubmit={onSubmit} noValidate className="space-y-4" aria-label={mode === "create" ? "Add endpoint" : "Edit endpoint"}>
        <Field name="url" label="Endpoint URL" errors={errors.url} hint="Where each message is POSTed. https is required in live mode.">
          {(p) => <input {...p} type="url" inputMode="url" autoComplete="off" placeholder="https://example.com/webhooks" defaultValue={v?.url ?? defaults?.url ?? ""} />}
        </Field>
        <Field name="description" label="Description" errors={errors.description}>
          {(p) => <input {...p} type="text" placeholder="CRM sync" defaultValue={v?.description ?? defaults?.description ?? ""} />}
        </Field>
        <fieldset aria-describedby={errors.eventTypes ? "eventTypes-error" : undefined}>
          <legend className="block text-sm font-medium text-slate-700">Event types</legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {eventTypes.map((t) => (
              <label key={t.type} className="flex items-start gap-2 text-sm" title={t.description}>
                <input type="checkbox" name="eventTypes" value={t.type} defaultChecked={checked.has(t.type)} className="mt-0.5" />
                <code>{t.type}</code>
              </label>
            ))}
          </div>
          {errors.eventTypes ? (
            <p id="eventTypes-error" role="alert" className="mt-1 text-sm text-red-600">
              {errors.eventTypes.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <Field name="rateLimitPerSecond" label="Rate limit (deliveries per second)" errors={errors.rateLimitPerSecond} hint="Leave empty for no limit. Deliveries over the limit wait; they do not fail.">
          {(p) => <input {...p} type="number" min={1} max={1000} step={1} inputMode="numeric" className={`${inputClass} max-w-40`} defaultValue={v?.rateLimitPerSecond ?? (defaults?.rateLimitPerSecond ? String(defaults.rateLimitPerSecond) : "")} />}
        </Field>
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {pending ? "Saving…" : mode === "create" ? "Add endpoint" : "Save changes"}
        </button>
      </form>
    </div>
  );
}
