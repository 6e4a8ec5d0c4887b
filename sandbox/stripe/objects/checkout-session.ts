// checkout.session as the API returns it. payment_intent stays null until the
// session completes (API versions since 2022-08-01), and url only while it is open.
import { shaped } from "../fixtures";
import type { StripeSession } from "../state";
import type { World } from "../world";

/** Without payment_method_types, Checkout offers what the account has enabled: cards and bank transfers here. */
export const ACCOUNT_PAYMENT_METHODS = ["card", "customer_balance"];

/** Subscriptions renew by card here, so subscription mode offers cards only. */
export function offeredMethods(s: StripeSession): string[] {
  const types = s.paymentMethodTypes ?? ACCOUNT_PAYMENT_METHODS;
  return s.mode === "subscription" ? types.filter((t) => t === "card") : types;
}

export function checkoutUrl(w: World, s: StripeSession): string {
  return `${w.rt.url}/checkout/pay/${s.id}`;
}

export function sessionView(w: World, s: StripeSession): Record<string, unknown> {
  const done = s.status === "complete";
  const subtotal = s.lineItems.reduce((sum, li) => sum + li.unitAmount * li.quantity, 0);
  return shaped(w.templates, "checkout.session", {
    id: s.id,
    object: "checkout.session",
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: subtotal,
    amount_total: s.amountTotal,
    automatic_tax: { enabled: false, liability: null, status: null, provider: null },
    billing_address_collection: null,
    cancel_url: s.cancelUrl,
    client_reference_id: s.clientReferenceId,
    client_secret: null,
    consent: null,
    consent_collection: null,
    created: s.created,
    currency: s.currency,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: s.customerId,
    customer_creation: s.mode === "subscription" || s.customerId !== null ? null : s.customerCreation,
    customer_details: s.customerDetails
      ? {
          address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
          email: s.customerDetails.email,
          name: s.customerDetails.name,
          phone: null,
          tax_exempt: "none",
          tax_ids: [],
          business_name: null,
          individual_name: null,
        }
      : null,
    customer_email: s.customerEmail,
    expires_at: s.expiresAt,
    invoice: s.invoiceId,
    invoice_creation: {
      enabled: false,
      invoice_data: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {}, rendering_options: null },
    },
    livemode: s.livemode,
    locale: s.locale,
    metadata: { ...s.metadata },
    mode: s.mode,
    payment_intent: done ? s.paymentIntentId : null,
    payment_link: null,
    payment_method_collection: s.mode === "subscription" ? "always" : "if_required",
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: offeredMethods(s),
    payment_status: s.paymentStatus,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: s.status,
    submit_type: null,
    subscription: s.subscriptionId,
    success_url: s.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: s.status === "open" ? checkoutUrl(w, s) : null,
    adaptive_pricing: { enabled: false },
    discounts: [],
    collected_information: done ? { shipping_details: null, business_name: null, individual_name: null } : null,
    permissions: null,
    wallet_options: null,
    origin_context: null,
    currency_conversion: null,
    customer_account: null,
    integration_identifier: null,
    managed_payments: { enabled: false },
  });
}
