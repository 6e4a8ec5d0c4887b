"use client";
import { useState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { HumanCheck } from "./human-check";
import { SmsConsent } from "./sms-consent";
import { usePublicPost, type Offer } from "./use-public-post";
import { TOKEN_FIELD } from "@/lib/rate-limit/human-check-field";
import type { PublicQuestion } from "@/lib/domain/questions/public";
import { answersFrom, QuestionFields, withoutAnswers } from "./question-fields";

export function RegistrationForm({ slug, offers, humanCheck = null, questions = [] }: { slug: string; offers: Offer[]; humanCheck?: string | null; questions?: PublicQuestion[] }) {
  const { errors, message, setMessage, pending, post, failures } = usePublicPost();
  const [done, setDone] = useState(false);
  const [ticketTypeId, setTicketTypeId] = useState(offers[0]?.id ?? "");
  const [orderId, setOrderId] = useState<string>();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const created = await post(`/api/public/events/${encodeURIComponent(slug)}/registrations`, { ...withoutAnswers(fd), answers: answersFrom(fd, questions) }, "Registration failed; try again.");
    if (created) {
      setDone(true);
      setOrderId((created.order as { id?: string } | undefined)?.id);
      setMessage({ ok: true, text: `You're registered. A confirmation goes to ${fd.get("email")}.` });
    }
  }

  if (done) {
    return (
      <div className="mt-6 space-y-2">
        <FormMessage message={message?.text} ok />
        {/* The order page is the attendee's own: keep its address to see or cancel the registration. */}
        {orderId ? (
          <p className="text-sm text-slate-700">
            <a href={`/e/${encodeURIComponent(slug)}/orders/${orderId}`} className="text-brand-700 underline">Your registration</a>: bookmark it to see or cancel it later.
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate aria-label="Register">
      <FormMessage message={message?.text} ok={message?.ok} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="ticketTypeId" label="Ticket" errors={errors.ticketTypeId}>
          {(p) => (
            <select {...p} defaultValue={offers[0]?.id} onChange={(e) => setTicketTypeId(e.target.value)}>
              {offers.map((o) => <option key={o.id} value={o.id}>{o.name} ({o.price})</option>)}
            </select>
          )}
        </Field>
        <Field name="quantity" label="Quantity" errors={errors.quantity}>
          {(p) => <input {...p} type="number" min={1} max={10} defaultValue={1} />}
        </Field>
      </div>
      <Field name="name" label="Your name" errors={errors.name}>
        {(p) => <input {...p} autoComplete="name" />}
      </Field>
      <Field name="email" label="E-mail" errors={errors.email}>
        {(p) => <input {...p} type="email" autoComplete="email" />}
      </Field>
      <Field name="phone" label="Phone (optional)" errors={errors.phone} hint="With the country code, such as +41 44 123 45 67.">
        {(p) => <input {...p} type="tel" autoComplete="tel" />}
      </Field>
      <SmsConsent />
      <QuestionFields questions={questions} ticketTypeIds={[ticketTypeId]} errors={errors} idPrefix="register" slug={slug} />
      <HumanCheck siteKey={humanCheck} failures={failures} errors={errors[TOKEN_FIELD]} />
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Registering…" : "Register"}
      </button>
    </form>
  );
}
