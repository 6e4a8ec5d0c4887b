"use client";
// Sign-up: the organization and its owner. What was typed stays after a refusal;
// after success the form gives way to "check your e-mail".
import { useState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { usePublicPost } from "@/components/events/use-public-post";
import { MIN_PASSWORD_LENGTH } from "@/lib/accounts/rules";
import { primaryButton } from "./account-card";

export function SignUpForm() {
  const { errors, message, setMessage, pending, post } = usePublicPost();
  const [done, setDone] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const answer = await post("/api/accounts/signup", Object.fromEntries(["orgName", "name", "email", "password"].map((k) => [k, fd.get(k) ?? ""])), "Sign-up failed; your input is kept, try again.");
    if (typeof answer?.message === "string") {
      setMessage({ ok: true, text: answer.message });
      setDone(true);
    }
  }

  if (done) return <div className="mt-6"><FormMessage message={message?.text} ok /></div>;
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate aria-label="Sign up">
      <FormMessage message={message?.text} ok={message?.ok} />
      <Field name="orgName" label="Organization name" errors={errors.orgName} hint="The name attendees see on your event pages. You can change it later.">
        {(p) => <input {...p} type="text" autoComplete="organization" required maxLength={200} />}
      </Field>
      <Field name="name" label="Your name" errors={errors.name}>
        {(p) => <input {...p} type="text" autoComplete="name" required maxLength={200} />}
      </Field>
      <Field name="email" label="Your work e-mail" errors={errors.email} hint="We send a link to confirm it before you can sign in.">
        {(p) => <input {...p} type="email" autoComplete="email" required />}
      </Field>
      <Field name="password" label="Password" errors={errors.password} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        {(p) => <input {...p} type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} />}
      </Field>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? "Creating…" : "Create organization"}
      </button>
    </form>
  );
}
