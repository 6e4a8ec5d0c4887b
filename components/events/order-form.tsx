"use client";
// The public page's one order form: a quantity for every ticket type (free and
// paid), one buyer, the event's questions. All of it free: registered at once and
// confirmed here. Any paid ticket: the whole order goes to the chosen gateway.
// The attempt id is fixed when the page renders, so a double submit finds the
// same order (and the same checkout) instead of taking places twice; it changes
// only when the server says that order is over (./order-attempt).
import { useState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { formatMoney } from "@/lib/domain/money";
import type { PublicQuestion } from "@/lib/domain/questions/public";
import { TOKEN_FIELD } from "@/lib/rate-limit/human-check-field";
import { consentedVisitorId } from "./analytics-consent";
import { HumanCheck } from "./human-check";
import { attemptAfterRefusal } from "./order-attempt";
import { answersFrom, QuestionFields } from "./question-fields";
import { SmsConsent } from "./sms-consent";
import { usePublicPost } from "./use-public-post";

/** A ticket type as this visitor sees it: `unitMinor` is their price (a member's may be lower), `price` says it in words. */
export interface TicketOffer {
  id: string;
  name: string;
  price: string;
  unitMinor: number;
  currency: string;
  left: number;
  /** The most this order may take of it. */
  max: number;
  /** False for a paid type while the organizer has no payment method: shown, not orderable. */
  orderable: boolean;
}

export interface GatewayOption {
  id: string;
  label: string;
}

/** visitorCookie: where the page's analytics tag keeps the visitor's id, passed on with the order only with their consent. */
export function OrderForm({ slug, offers, attempt: firstAttempt, gateways, humanCheck = null, questions = [], visitorCookie }: { slug: string; offers: TicketOffer[]; attempt: string; gateways: GatewayOption[]; humanCheck?: string | null; questions?: PublicQuestion[]; visitorCookie?: string }) {
  const { errors, message, setMessage, pending, post, failures } = usePublicPost();
  const onSale = offers.filter((o) => o.orderable && o.left > 0);
  // One type on sale: one ticket of it is what nearly everyone wants.
  const [quantities, setQuantities] = useState<Record<string, number>>(() => (onSale.length === 1 ? { [onSale[0]!.id]: 1 } : {}));
  const [registered, setRegistered] = useState<{ orderId: string }>();
  const [attempt, setAttempt] = useState(firstAttempt);

  const chosen = onSale.filter((o) => (quantities[o.id] ?? 0) > 0);
  const paid = chosen.filter((o) => o.unitMinor > 0);
  const totalMinor = paid.reduce((n, o) => n + o.unitMinor * quantities[o.id]!, 0);
  const currency = paid[0]?.currency;

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
        // Left out (undefined is not sent) when there is nothing to choose: no payment method, or no radio shown.
        gateway: gateways.length === 1 ? gateways[0]!.id : (fd.get("gateway") ?? undefined),
        items: onSale.map((o) => ({ ticketTypeId: o.id, quantity: quantities[o.id] ?? 0 })),
        [TOKEN_FIELD]: fd.get(TOKEN_FIELD),
        answers: answersFrom(fd, questions),
        analyticsClientId: consentedVisitorId(visitorCookie),
      },
      paid.length > 0 ? "Checkout could not start; try again." : "Registration failed; try again.",
      (refusal) => setAttempt((current) => attemptAfterRefusal(current, refusal)),
    );
    if (!created) return;
    if (created.registered === true && typeof created.orderId === "string") {
      setRegistered({ orderId: created.orderId });
      setMessage({ ok: true, text: `You're registered. A confirmation goes to ${fd.get("email")}.` });
    } else if (typeof created.url === "string") {
      window.location.assign(created.url);
    }
  }

  if (registered) {
    return (
      <div className="mt-4 space-y-2">
        <FormMessage message={message?.text} ok />
        {/* The order page is the attendee's own: keep its address to see or cancel the registration. */}
        <p className="text-sm text-slate-700">
          <a href={`/e/${encodeURIComponent(slug)}/orders/${registered.orderId}`} className="text-brand-700 underline">Your registration</a>: bookmark it to see or cancel it later.
        </p>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate aria-label="Order tickets">
      <FormMessage message={message?.text} ok={message?.ok} />
      <ul className="divide-y divide-slate-100 text-sm">
        {offers.map((o) => {
          const open = o.orderable && o.left > 0;
          return (
            <li key={o.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-3">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{o.name}</p>
                <p className="text-slate-600">
                  {o.price} · {o.left > 0 ? `${o.left} left` : <strong className="font-medium text-red-700">sold out</strong>}
                </p>
              </div>
              {open ? (
                <input
                  name={`qty-${o.id}`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={o.max}
                  value={quantities[o.id] ?? 0}
                  onChange={(e) => setQuantities((q) => ({ ...q, [o.id]: Math.max(0, Math.floor(Number(e.target.value) || 0)) }))}
                  aria-label={`Quantity of ${o.name}`}
                  className="w-20 rounded-md border border-slate-300 px-2 py-2"
                />
              ) : null}
            </li>
          );
        })}
      </ul>
      {errors.items ? <p role="alert" className="text-sm text-red-600">{errors.items.join(" ")}</p> : null}
      <p aria-live="polite" className="text-sm font-medium text-slate-800">
        {chosen.length === 0 ? "Choose how many tickets you want." : paid.length > 0 && currency ? `Total: ${formatMoney(totalMinor, currency)}` : "Total: free"}
      </p>
      <Field name="name" label="Your name" errors={errors.name}>{(p) => <input {...p} autoComplete="name" />}</Field>
      <Field name="email" label="E-mail" errors={errors.email}>{(p) => <input {...p} type="email" autoComplete="email" />}</Field>
      <Field name="phone" label="Phone (optional)" errors={errors.phone} hint="With the country code, such as +41 44 123 45 67.">{(p) => <input {...p} type="tel" autoComplete="tel" />}</Field>
      <SmsConsent />
      <QuestionFields questions={questions} ticketTypeIds={chosen.map((o) => o.id)} errors={errors} idPrefix="order" slug={slug} />
      {paid.length > 0 && gateways.length > 1 ? (
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
      <button type="submit" disabled={pending} className="w-full rounded-md bg-brand-600 px-4 py-2.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60 sm:w-auto">
        {paid.length > 0 ? (pending ? "Opening checkout…" : "Continue to payment") : pending ? "Registering…" : "Register"}
      </button>
    </form>
  );
}
