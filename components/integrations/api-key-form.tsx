"use client";
import { Field, FormMessage } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import type { FormState } from "@/lib/http/errors";
import type { CredentialFieldView as CredentialField } from "@/lib/integrations/views";

export function ApiKeyForm({ action, fields, connected, mode, sandbox }: { action: (fd: FormData) => Promise<FormState>; fields: CredentialField[]; connected: boolean; mode: string; sandbox: boolean }) {
  const { state, pending, onSubmit } = useSubmit(action);
  const errors = state.fieldErrors ?? {};
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Credentials">
      <FormMessage message={state.message} ok={state.ok} />
      <ModeChoice defaultValue={mode} sandbox={sandbox} />
      {fields.map((f) => (
        <Field key={f.name} name={f.name} label={f.label} errors={errors[f.name]} hint={f.saved ? `Saved key: ${f.saved}. Paste a new one to replace it.` : f.help}>
          {(p) => <input {...p} type={f.type === "secret" ? "password" : "text"} autoComplete="off" placeholder={f.placeholder} />}
        </Field>
      ))}
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Checking the key…" : connected ? "Replace and test" : "Save and test"}
      </button>
    </form>
  );
}

/** Sandbox mode is offered only where the server has the sandbox on. */
export function ModeChoice({ defaultValue, sandbox }: { defaultValue: string; sandbox: boolean }) {
  const live = defaultValue === "live" || !sandbox;
  return (
    <fieldset className="flex gap-6 text-sm">
      <legend className="mb-1 block text-sm font-medium text-slate-700">Mode</legend>
      {sandbox ? <label className="flex items-center gap-2"><input type="radio" name="mode" value="sandbox" defaultChecked={!live} /> Sandbox (local emulator)</label> : null}
      <label className="flex items-center gap-2"><input type="radio" name="mode" value="live" defaultChecked={live} /> Live</label>
    </fieldset>
  );
}
