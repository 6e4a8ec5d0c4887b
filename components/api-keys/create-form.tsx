"use client";
// Names a new key and shows it once. The secret lives only in this component's
// state: reloading the page forgets it, as the hint says.
import { Field, FormMessage } from "@/components/ui/field";
import { SecretOnce } from "@/components/ui/secret-once";
import { useSubmit } from "@/components/ui/use-submit";
import type { FormState } from "@/lib/http/errors";

interface CreateKeyState extends FormState {
  secret?: string;
  keyName?: string;
}

export function CreateApiKeyForm({ action }: { action: (fd: FormData) => Promise<CreateKeyState> }) {
  const { state, pending, onSubmit } = useSubmit(action);
  const s = state as CreateKeyState;
  const errors = s.fieldErrors ?? {};
  return (
    <div className="mt-3 space-y-4">
      <form
        onSubmit={onSubmit}
        className="space-y-4"
        noValidate
        aria-label="Create API key"
      >
        {s.secret ? null : <FormMessage message={s.message} ok={s.ok} />}
        <Field name="name" label="Key name" errors={errors.name} hint="Where the key is used, such as “Zapier” or “CRM sync”.">
          {(p) => <input {...p} type="text" maxLength={100} autoComplete="off" defaultValue={s.secret ? "" : (s.values?.name ?? "")} key={s.secret ?? "form"} />}
        </Field>
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      {s.secret ? <NewKey secret={s.secret} name={s.keyName ?? ""} /> : null}
    </div>
  );
}

function NewKey({ secret, name }: { secret: string; name: string }) {
  return (
    <div role="status" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
      <p className="font-medium">Key “{name}” created. Copy it now: it is shown only once.</p>
      <SecretOnce secret={secret} testId="api-key-secret" />
      <p className="text-xs text-emerald-800">
        Store it in a password manager or paste it into Zapier now. We keep only a hash, so it cannot be shown again; if
        you lose it, revoke it and create another.
      </p>
    </div>
  );
}
