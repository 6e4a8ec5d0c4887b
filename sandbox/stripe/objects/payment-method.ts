// The payment method behind a charge, as last_payment_error and charges show it.
import type { PaymentMethodKind, StripeCard } from "../state";

export function cardDetails(card: StripeCard): Record<string, unknown> {
  return {
    brand: card.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
    country: card.country,
    display_brand: card.brand,
    exp_month: card.expMonth,
    exp_year: card.expYear,
    fingerprint: `sbx${card.last4}${card.brand}`.slice(0, 16),
    funding: card.funding,
    last4: card.last4,
    networks: { available: [card.brand], preferred: null },
    three_d_secure_usage: { supported: true },
    wallet: null,
    regulated_status: "unregulated",
  };
}

export function paymentMethodView(input: {
  id: string;
  created: number;
  livemode: boolean;
  method: PaymentMethodKind;
  card: StripeCard | null;
  name: string | null;
  email: string | null;
}): Record<string, unknown> {
  return {
    id: input.id,
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: input.email,
      name: input.name,
      phone: null,
      tax_id: null,
    },
    ...(input.card ? { card: cardDetails(input.card) } : { customer_balance: {} }),
    created: input.created,
    customer: null,
    livemode: input.livemode,
    metadata: {},
    type: input.method,
  };
}
