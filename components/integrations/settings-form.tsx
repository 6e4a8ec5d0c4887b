"use client";
import { Field, FormMessage } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import type { FormState } from "@/lib/http/errors";
import type { SettingsFieldView } from "@/lib/integrations/views";
import { SettingsMapField } from "./settings-map-field";

export function SettingsForm({ action, fields }: { action: (fd: FormData) => Promise<FormState>; fields: SettingsFieldView[] }) {
  const { state, pending, onSubmit } = useSubmit(action);
  const errors = state.fieldErrors ?? {};
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Settings">
      <FormMessage message={state.message} ok={state.ok} />
      {fields.map((f) =>
        f.type === "checkbox" ? (
          <div key={f.name}>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name={f.name} defaultChecked={Boolean(f.value)} /> {f.label}
            </label>
            {f.help ? <p className="ml-6 text-xs text-slate-500">{f.help}</p> : null}
          </div>
        ) : f.type === "map" ? (
          <SettingsMapField key={f.name} field={f} errors={errors[f.name] ?? (f.choicesError ? [f.choicesError] : undefined)} />
        ) : (
          <Field key={f.name} name={f.name} label={f.label} errors={errors[f.name] ?? (f.choicesError ? [f.choicesError] : undefined)} hint={f.help}>
            {(p) =>
              f.type === "select" && f.choices ? (
                <select {...p} defaultValue={String(f.value)}>
                  <option value="">{f.emptyChoice ?? "Choose…"}</option>
                  {f.choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
                </select>
              ) : (
                <input {...p} type={f.type === "email" ? "email" : "text"} placeholder={f.placeholder} defaultValue={String(f.value)} />
              )
            }
          </Field>
        ),
      )}
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-60">
        {pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
