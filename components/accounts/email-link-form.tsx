"use client";
// One e-mail field and a button that asks for a link by e-mail (a password reset,
// a new confirmation link). The answer is the same for any address.
import { useState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { usePublicPost } from "@/components/events/use-public-post";
import { primaryButton } from "./account-card";

export function EmailLinkForm({ action, label, defaultEmail, idPrefix }: { action: string; label: string; defaultEmail?: string; idPrefix?: string }) {
  const { errors, message, setMessage, pending, post } = usePublicPost();
  const [sent, setSent] = useState(false);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const answer = await post(action, { email: fd.get("email") ?? "" }, "The link could not be sent; try again.");
    if (typeof answer?.message === "string") {
      setMessage({ ok: true, text: answer.message });
      setSent(true);
    }
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label={label}>
      <FormMessage message={message?.text} ok={message?.ok} />
      {sent ? null : (
        <>
          <Field name="email" idPrefix={idPrefix} label="E-mail" errors={errors.email}>
            {(p) => <input {...p} type="email" autoComplete="email" required defaultValue={defaultEmail} />}
          </Field>
          <button type="submit" disabled={pending} className={primaryButton}>{pending ? "Sending…" : label}</button>
        </>
      )}
    </form>
  );
}
