"use client";
// Someone new accepts an invitation: their name and a password make the account,
// then they are signed in with it straight away.
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import type { FormState } from "@/lib/http/errors";

interface NewAccountState extends FormState {
  email?: string;
}

export function NewAccountForm({ email, action }: { email: string; action: (fd: FormData) => Promise<NewAccountState> }) {
  const [state, setState] = useState<NewAccountState>({ ok: true });
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const errors = state.fieldErrors ?? {};

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const password = String(fd.get("password") ?? "");
    startTransition(async () => {
      const result = await action(fd);
      setState(result);
      if (!result.ok || !result.email) return;
      const res = await signIn("credentials", { email: result.email, password, redirect: false });
      if (res?.ok && !res.error) router.replace("/events");
      else setState({ ok: false, message: "Your account is ready, but signing in did not work. Sign in with your e-mail and the password you just chose." });
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create your account" className="mt-6 space-y-4">
      <FormMessage message={state.message} ok={state.ok} />
      <Field name="email" label="E-mail" hint="The invitation is for this address.">
        {(p) => <input {...p} type="email" value={email} readOnly autoComplete="username" />}
      </Field>
      <Field name="name" label="Your name" errors={errors.name}>
        {(p) => <input {...p} type="text" autoComplete="name" maxLength={200} defaultValue={state.values?.name ?? ""} required />}
      </Field>
      <Field name="password" label="Password" errors={errors.password} hint="At least 10 characters.">
        {(p) => <input {...p} type="password" autoComplete="new-password" required />}
      </Field>
      <button type="submit" disabled={pending} className="w-full rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Creating your account…" : "Create account and join"}
      </button>
    </form>
  );
}
