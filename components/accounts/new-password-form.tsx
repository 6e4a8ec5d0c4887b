"use client";
// Choosing a password with a mailed link. A link spent or expired meanwhile is
// answered with what happened and a way to a new one.
import Link from "next/link";
import { useState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { usePublicPost } from "@/components/events/use-public-post";
import { MIN_PASSWORD_LENGTH } from "@/lib/accounts/rules";
import { primaryButton, textLink } from "./account-card";

export function NewPasswordForm({ token }: { token: string }) {
  const { errors, message, setMessage, pending, post } = usePublicPost();
  const [done, setDone] = useState(false);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const answer = await post("/api/accounts/password", { token, password: fd.get("password") ?? "", confirm: fd.get("confirm") ?? "" }, "The password could not be set; try again.");
    if (typeof answer?.message === "string") {
      setMessage({ ok: true, text: answer.message });
      setDone(true);
    }
  }
  if (done) {
    return (
      <div className="mt-6 space-y-4">
        <FormMessage ok message={message?.text} />
        <Link href="/login" className={`${primaryButton} block text-center`}>Sign in</Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate aria-label="Choose a password">
      <FormMessage message={message?.text} ok={message?.ok} />
      {message && !message.ok && !Object.keys(errors).length ? (
        <p className="text-sm">
          <Link href="/forgot-password" className={textLink}>Ask for a new link</Link>
        </p>
      ) : null}
      <Field name="password" label="New password" errors={errors.password} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        {(p) => <input {...p} type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} />}
      </Field>
      <Field name="confirm" label="The same password again" errors={errors.confirm}>
        {(p) => <input {...p} type="password" autoComplete="new-password" required />}
      </Field>
      <button type="submit" disabled={pending} className={primaryButton}>{pending ? "Saving…" : "Set password"}</button>
    </form>
  );
}
