"use client";
// Paid tickets: choose quantities, give a name and e-mail, and go to Checkout.
// The attempt id is fixed when the page renders, so a double submit finds the
// same order (and the same Checkout Session) instead of holding places twice.
import { Field, FormMessage } from "@/components/ui/field";
import { HumanCheck } from "./human-check";
import { SmsConsent } from "./sms-consent";
import { usePublicPost, type Offer } from "./use-public-post";
import { TOKEN_FIELD } from "@/lib/rate-limit/human-check-field";
import { useState } from "react";
import type { PublicQuestion } from "@/lib/domain/questions/public";
import { answersFrom, QuestionFields } from "./question-fields";
import { consentedVisitorId } from "./analytics-consent";

export interface GatewayOption {
  id: string;
  label: string;
}

/** visitorCookie: where the page's analytics tag keeps the visitor's id, passed on with the order only with their consent. */
export function CheckoutForm({ slug, offers, attempt, gateways, humanCheck = null, questions = [], visitorCookie }: { slug: string; offers: Offer[]; attempt: string; gateways: GatewayOption[]; humanCheck?: string | null; questions?: PublicQuestion[]; visitorCookie?: string }) {
  const { errors, message, pending, post, failures } = usePublicPost();
  // The ticket types with a quantity, so the questions asked for them show.
  const [chosen, setChosen] = useState<string[]>([]);
  const onQuantities = (e: React.FormEvent<HTMLFormElement>) => {
    const fd = new FormData(e.currentTarget);
    setChosen(offers.filter((o) => Number(fd.get(`qty-${o.id}`) || 0) > 0).map((o) => o.id));
  };

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const created = await post(
      `/api/public/events/${encodeURIComponent(slug)}/checkout`,
      {
        attempt,
        name: fd.get("name"),
        email: fd.get("email"),
        phone: fd.get("phone"),
        smsConsent: fd.get("smsConsent") === "on",
        gateway: gateways.length === 1 ? gateways[0]!.id : fd.get("gateway"),
        items: offers.map((o) => ({ ticketTypeId: o.id, quantity: Number(fd.get(`qty-${o.id}`) || 0) })),
        [TOKEN_FIELD]: fd.get(TOKEN_FIELD),
        answers: answersFrom(fd, questions),
        analyticsClientId: consentedVisitorId(visitorCookie),
      },
      "Checkout could not start; try again.",
    );
    if (typeof created?.url === "string") window.location.assign(created.url);
  }

  return (
    <form onSubmit={onSubmit} onChange={onQuantities} className="mt-6 space-y-4" noValidate aria-label="Buy tickets">
      <FormMessage message={message?.text} ok={message?.ok} />
      {errors.items ? <p role="alert" className="text-sm text-red-600">{errors.items.join(" ")}</p> : null}
      <div className="space-y-2">
        {offers.map((o) => (
          <label key={o.id} className="flex items-center justify-between gap-4 text-sm">
            <span>{o.name} · {o.price}</span>
            <input name={`qty-${o.id}`} type="number" min={0} max={Math.min(10, o.left)} defaultValue={0} aria-label={`Quantity of ${o.name}`} className="w-20 rounded-md border border-slate-300 px-2 py-1" />
          </label>
        ))}
      </div>
      <Field name="name" label="Your name" errors={errors.name}>{(p) => <input {...p} autoComplete="name" />}</Field>
      <Field name="email" label="E-mail" errors={errors.email}>{(p) => <input {...p} type="email" autoComplete="email" />}</Field>
      <Field name="phone" label="Phone (optional)" errors={errors.phone} hint="With the country code, such as +41 44 123 45 67.">{(p) => <input {...p} type="tel" autoComplete="tel" />}</Field>
      <SmsConsent />
      <QuestionFields questions={questions} ticketTypeIds={chosen} errors={errors} idPrefix="checkout" slug={slug} />
      {gateways.length > 1 ? (
        <fieldset aria-describedby={errors.gateway ? "gateway-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700">Pay with</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {gateways.map((g, i) => (
              <label key={g.id} className="flex items-center gap-2 text-sm">
                <input type="radio" name="gateway" value={g.id} defaultChecked={i === 0} />
                {g.label}
              </label>
            ))}
          </div>
          {errors.gateway ? <p id="gateway-error" role="alert" className="mt-1 text-sm text-red-600">{errors.gateway.join(" ")}</p> : null}
        </fieldset>
      ) : null}
      <HumanCheck siteKey={humanCheck} failures={failures} errors={errors[TOKEN_FIELD]} />
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Opening checkout…" : "Continue to payment"}
      </button>
    </form>
  );
}
