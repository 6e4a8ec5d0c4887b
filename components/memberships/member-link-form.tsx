"use client";
// "Member? Get your price": asks for a one-time sign-in link. The answer is the same for any address.
import { useState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { usePublicPost } from "@/components/events/use-public-post";

export function MemberLinkForm({ org, next }: { org: string; next: string }) {
  const { errors, message, setMessage, pending, post } = usePublicPost();
  const [sent, setSent] = useState(false);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const answer = await post(`/api/public/members/${encodeURIComponent(org)}/sign-in-link`, { email: fd.get("email"), next }, "The link could not be sent; try again.");
    if (typeof answer?.message === "string") {
      setMessage({ ok: true, text: answer.message });
      setSent(true);
    }
  }
  return (
    <details className="mt-4 text-sm">
      <summary className="cursor-pointer text-blue-700">Member? Get your price</summary>
      <form onSubmit={onSubmit} className="mt-2 space-y-3" noValidate aria-label="Member sign-in link">
        <FormMessage message={message?.text} ok={message?.ok} />
        {sent ? null : (
          <>
            <Field name="email" idPrefix="member" label="Your membership e-mail" errors={errors.email}>
              {(p) => <input {...p} type="email" autoComplete="email" />}
            </Field>
            <button type="submit" disabled={pending} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60">
              {pending ? "Sending…" : "E-mail me a sign-in link"}
            </button>
          </>
        )}
      </form>
    </details>
  );
}
