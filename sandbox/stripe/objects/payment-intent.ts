// payment_intent as the API returns it: the payment behind a completed Checkout Session.
import { ACCOUNT } from "../account";
import { shaped } from "../fixtures";
import type { StripePaymentIntent } from "../state";
import type { World } from "../world";
import { offeredMethods } from "./checkout-session";
import { paymentMethodView } from "./payment-method";

function lastPaymentError(w: World, pi: StripePaymentIntent): Record<string, unknown> | null {
  const e = pi.lastPaymentError;
  if (!e) return null;
  const charge = e.chargeId ? w.state.charges.get(e.chargeId) : undefined;
  return {
    ...(e.chargeId ? { charge: e.chargeId } : {}),
    code: e.code,
    ...(e.declineCode ? { decline_code: e.declineCode } : {}),
    doc_url: `https://stripe.com/docs/error-codes/${e.code.replace(/_/g, "-")}`,
    message: e.message,
    payment_method: charge
      ? paymentMethodView({ id: charge.paymentMethodId, created: charge.created, livemode: charge.livemode, method: charge.method, card: charge.card, name: charge.billing.name, email: charge.billing.email })
      : null,
    type: e.type,
  };
}

/** What a bank transfer needs from the payer: where to send the money, and the reference to quote. */
function nextAction(pi: StripePaymentIntent): Record<string, unknown> | null {
  if (pi.status !== "requires_action" || pi.method !== "customer_balance") return null;
  return {
    type: "display_bank_transfer_instructions",
    display_bank_transfer_instructions: {
      amount_remaining: pi.amount,
      currency: pi.currency,
      financial_addresses: [{ type: "iban", iban: { account_holder_name: ACCOUNT.name, bic: ACCOUNT.bic, country: ACCOUNT.country, iban: ACCOUNT.iban }, supported_networks: ["sepa"] }],
      hosted_instructions_url: null,
      reference: pi.transferReference,
      type: "eu_bank_transfer",
    },
  };
}

export function paymentIntentView(w: World, pi: StripePaymentIntent): Record<string, unknown> {
  const session = pi.sessionId ? w.state.sessions.get(pi.sessionId) : undefined;
  const succeeded = pi.status === "succeeded";
  return shaped(w.templates, "payment_intent", {
    id: pi.id,
    object: "payment_intent",
    amount: pi.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: succeeded ? pi.amount : 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: pi.canceledAt,
    cancellation_reason: pi.cancellationReason,
    capture_method: "automatic",
    client_secret: pi.clientSecret,
    confirmation_method: "automatic",
    created: pi.created,
    currency: pi.currency,
    customer: pi.customerId,
    description: pi.description,
    last_payment_error: lastPaymentError(w, pi),
    latest_charge: pi.latestChargeId,
    livemode: pi.livemode,
    metadata: { ...pi.metadata },
    next_action: nextAction(pi),
    on_behalf_of: null,
    payment_method: pi.paymentMethodId,
    payment_method_configuration_details: null,
    payment_method_options:
      pi.method === "customer_balance"
        ? { customer_balance: { bank_transfer: { eu_bank_transfer: { country: ACCOUNT.country }, type: "eu_bank_transfer" }, funding_type: "bank_transfer" } }
        : { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" } },
    payment_method_types: pi.method ? [pi.method] : session ? offeredMethods(session) : ["card"],
    processing: null,
    receipt_email: pi.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: pi.status,
    transfer_data: null,
    transfer_group: null,
    source: null,
    excluded_payment_method_types: null,
    customer_account: null,
    managed_payments: null,
  });
}
