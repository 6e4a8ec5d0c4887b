"use client";
// Stripe's Payment Element on our page (@stripe/react-stripe-js): the card fields
// live in Stripe's frames, confirmPayment sends the buyer through 3-D Secure when
// the bank asks for it and then to the order page, which reads the real state.
// The "pure" loader injects Stripe.js only when asked, so in sandbox mode the
// sandbox's stand-in (scriptUrl) can be loaded first and is used instead.
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { useEffect, useMemo, useState } from "react";

export interface PaymentFormProps {
  publishableKey: string;
  clientSecret: string;
  /** A stand-in for Stripe.js to load first (the sandbox's); null loads Stripe.js from Stripe. */
  scriptUrl: string | null;
  /** The order page, where confirmPayment sends the buyer once the payment is confirmed. */
  returnUrl: string;
  /** The amount as shown on the button ("€50.00"). */
  amount: string;
}

function injectScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const existing = document.querySelector(`script[data-payment-script="${CSS.escape(src)}"]`);
    if (existing) return resolve();
    const s = document.createElement("script");
    s.src = src;
    s.async = true;
    s.dataset.paymentScript = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error("The payment form's script could not be loaded."));
    document.head.appendChild(s);
  });
}

let loaded: { key: string; stripe: Promise<Stripe | null> } | null = null;

/** One Stripe instance per page and key, as Stripe asks: loadStripe is called once. */
function stripeFor(publishableKey: string, scriptUrl: string | null): Promise<Stripe | null> {
  // Rendered on the server too, where there is no page to load a script into.
  if (typeof window === "undefined") return Promise.resolve(null);
  const key = `${publishableKey} ${scriptUrl ?? ""}`;
  if (loaded?.key !== key) loaded = { key, stripe: (scriptUrl ? injectScript(scriptUrl) : Promise.resolve()).then(() => loadStripe(publishableKey)) };
  return loaded.stripe;
}

function ConfirmForm({ returnUrl, amount }: { returnUrl: string; amount: string }) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError(null);
    // On success (after 3-D Secure where the bank asks for it) Stripe.js leaves for returnUrl; it resolves only with an error.
    const result = await stripe.confirmPayment({ elements, confirmParams: { return_url: returnUrl } });
    if (result.error) {
      setError(
        result.error.type === "card_error" || result.error.type === "validation_error"
          ? (result.error.message ?? "Your card was not accepted.")
          : `The payment did not go through (${result.error.message ?? "unexpected error"}). Nothing was charged; try again.`,
      );
    }
    setBusy(false);
  }

  return (
    <form onSubmit={onSubmit} data-testid="payment-form">
      <PaymentElement onReady={() => setReady(true)} onChange={() => setError(null)} options={{ layout: "tabs" }} />
      {error ? (
        <p className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="payment-error">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={!stripe || !ready || busy}
        className="mt-4 w-full rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {busy ? "Paying…" : `Pay ${amount}`}
      </button>
    </form>
  );
}

export function PaymentForm({ publishableKey, clientSecret, scriptUrl, returnUrl, amount }: PaymentFormProps) {
  const stripe = useMemo(() => stripeFor(publishableKey, scriptUrl), [publishableKey, scriptUrl]);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let shown = true;
    stripe.catch((err: Error) => shown && setLoadError(`${err.message} Check your connection and reload the page; nothing was charged.`));
    return () => {
      shown = false;
    };
  }, [stripe]);
  if (loadError) {
    return (
      <p className="rounded-md bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="payment-error">
        {loadError}
      </p>
    );
  }
  return (
    <Elements stripe={stripe} options={{ clientSecret }}>
      <ConfirmForm returnUrl={returnUrl} amount={amount} />
    </Elements>
  );
}
