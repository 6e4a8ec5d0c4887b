// The load: Stripe `checkout.session.completed` events of a realistic size, each
// signed the moment it is sent. Stripe refuses signatures older than 300 s, and a
// run is longer than that, so nothing is pre-signed.
import Stripe from "stripe";

/** A keyless instance signs; signing needs no account or network. */
const webhooks = new Stripe("sk_test_BenchFakeUnusedKey0000").webhooks;

/** Obviously fake credentials; they pass the connector's own schema so the stored row is one the product could hold. */
export const BENCH_CREDENTIALS = {
  secretKey: "sk_test_BenchFakeNotARealKey0000",
  publishableKey: "pk_test_BenchFakeNotARealKey0000",
  webhookSecret: "whsec_BenchFakeSigningSecretNotReal0000",
} as const;

export function eventBody(id: string, orgId: string): string {
  const created = Math.floor(Date.now() / 1000);
  // Shaped like Stripe's own event (about 1.2 kB), so parsing and storing cost what a real one does.
  return JSON.stringify({
    id,
    object: "event",
    api_version: "2026-10-28.endive",
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: "checkout.session.completed",
    data: {
      object: {
        id: `cs_test_bench_${id}`,
        object: "checkout.session",
        amount_subtotal: 4500,
        amount_total: 4500,
        currency: "eur",
        created,
        expires_at: created + 1800,
        customer: null,
        customer_creation: "if_required",
        customer_details: { email: "buyer@bench.example.test", name: "Bench Buyer", phone: null, tax_exempt: "none", address: { country: "CH", postal_code: null, city: null, line1: null, line2: null, state: null } },
        customer_email: "buyer@bench.example.test",
        livemode: false,
        metadata: { org_id: orgId, order_id: "00000000-0000-4000-8000-000000000000", bench: "true" },
        mode: "payment",
        payment_intent: `pi_bench_${id}`,
        payment_method_types: ["card"],
        payment_status: "paid",
        status: "complete",
        success_url: "http://localhost/e/bench/orders/return",
        cancel_url: "http://localhost/e/bench",
        total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
        url: null,
      },
    },
  });
}

export function signatureFor(payload: string): string {
  return webhooks.generateTestHeaderString({ payload, secret: BENCH_CREDENTIALS.webhookSecret });
}
