"use client";
import { signIn } from "next-auth/react";
import { signInLimitMessage } from "@/lib/rate-limit/sign-in-message";
import { EMAIL_NOT_CONFIRMED } from "@/lib/auth/sign-in-errors";
import { useState } from "react";
import { ResendConfirmation } from "./accounts/resend-confirmation";
import { Field, FormMessage } from "./ui/field";
import type { OAuthProviderInfo } from "@/lib/auth/providers";

export function LoginForm({ callbackUrl, initialError, oauthProviders }: { callbackUrl: string; initialError?: string; oauthProviders: OAuthProviderInfo[] }) {
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);
  // The address of an account whose password was right but whose e-mail is not confirmed yet.
  const [unconfirmed, setUnconfirmed] = useState<string>();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    setPending(true);
    setError(undefined);
    setUnconfirmed(undefined);
    const res = await signIn("credentials", { email: fd.get("email"), password: fd.get("password"), redirect: false });
    setPending(false);
    if (res?.ok && !res.error) window.location.assign(callbackUrl);
    else if (res?.error === EMAIL_NOT_CONFIRMED) setUnconfirmed(String(fd.get("email") ?? ""));
    else setError(signInLimitMessage(res?.error) ?? "That e-mail and password do not match an account.");
  }

  return (
    <div className="mt-6 space-y-4">
      <FormMessage message={error} />
      {unconfirmed !== undefined ? <ResendConfirmation email={unconfirmed} /> : null}
      <form onSubmit={onSubmit} className="space-y-4">
        <Field name="email" label="E-mail">
          {(p) => <input {...p} type="email" autoComplete="username" required />}
        </Field>
        <Field name="password" label="Password">
          {(p) => <input {...p} type="password" autoComplete="current-password" required />}
        </Field>
        <button type="submit" disabled={pending} className="w-full rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {oauthProviders.length ? (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          {oauthProviders.map((p) => (
            <button key={p.id} type="button" onClick={() => signIn(p.id, { callbackUrl })} className="w-full rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-50">
              Continue with {p.name}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
