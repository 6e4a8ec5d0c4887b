// charge as the API returns it, with its refunds listed (as fixtures3.json shows them).
import { ACCOUNT } from "../account";
import { shaped } from "../fixtures";
import type { StripeCharge } from "../state";
import type { World } from "../world";
import { cardDetails } from "./payment-method";
import { refundView } from "./refund";

function outcome(c: StripeCharge): Record<string, unknown> {
  const ok = c.status === "succeeded";
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: ok ? "approved_by_network" : "declined_by_network",
    reason: ok ? null : (c.failure?.declineCode ?? c.failure?.code ?? null),
    risk_level: "normal",
    risk_score: 21,
    seller_message: ok ? "Payment complete." : "The bank did not return any further details with this decline.",
    type: ok ? "authorized" : "issuer_declined",
  };
}

function methodDetails(c: StripeCharge): Record<string, unknown> {
  if (!c.card) return { customer_balance: {}, type: "customer_balance" };
  const { display_brand: _brand, networks: _networks, three_d_secure_usage: _tds, ...card } = cardDetails(c.card);
  return {
    card: {
      amount_authorized: c.status === "succeeded" ? c.amount : null,
      ...card,
      extended_authorization: { status: "disabled" },
      incremental_authorization: { status: "unavailable" },
      installments: null,
      mandate: null,
      multicapture: { status: "unavailable" },
      network: c.card.brand,
      network_token: { used: false },
      overcapture: { maximum_amount_capturable: c.amount, status: "unavailable" },
      three_d_secure: null,
      authorization_code: c.status === "succeeded" ? "123456" : null,
      network_transaction_id: null,
      transaction_link_id: null,
    },
    type: "card",
  };
}

export function chargeView(w: World, c: StripeCharge): Record<string, unknown> {
  const ok = c.status === "succeeded";
  const refunds = c.refundIds.map((id) => w.state.refunds.get(id)).filter((r) => r !== undefined).reverse();
  return shaped(w.templates, "charge", {
    id: c.id,
    object: "charge",
    amount: c.amount,
    amount_captured: ok ? c.amount : 0,
    amount_refunded: c.amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: c.balanceTransactionId,
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: c.billing.email,
      name: c.billing.name,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: ACCOUNT.statementDescriptor,
    captured: ok,
    created: c.created,
    currency: c.currency,
    customer: w.state.paymentIntents.get(c.paymentIntentId)?.customerId ?? null,
    description: null,
    disputed: c.disputed,
    failure_balance_transaction: null,
    failure_code: c.failure?.code ?? null,
    failure_message: c.failure?.message ?? null,
    fraud_details: {},
    livemode: c.livemode,
    metadata: { ...c.metadata },
    on_behalf_of: null,
    outcome: outcome(c),
    paid: ok,
    payment_intent: c.paymentIntentId,
    payment_method: c.paymentMethodId,
    payment_method_details: methodDetails(c),
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: ok && c.amountRefunded >= c.amount,
    refunds: { object: "list", data: refunds.map((r) => refundView(w, r)), has_more: false, total_count: refunds.length, url: `/v1/charges/${c.id}/refunds` },
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: c.status,
    transfer_data: null,
    transfer_group: null,
    source: null,
  });
}
