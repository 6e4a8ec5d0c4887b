import { specSource } from "../core/spec-source";
import { createOpenApi3Spec, type OpenApi3Spec } from "../validation/openapi3";
import { patchPayPalSpec } from "./errata";

export interface PayPalSpecs {
  orders: OpenApi3Spec;
  payments: OpenApi3Spec;
  webhooks: OpenApi3Spec;
}

/** PayPal publishes one file per API: Orders, Payments (captures, refunds) and Webhooks. */
export const PAYPAL_SPECS = specSource(
  ["paypal/checkout_orders_v2.json", "paypal/payments_payment_v2.json", "paypal/notifications_webhooks_v1.json"],
  ([orders, payments, webhooks]): PayPalSpecs => ({
    orders: createOpenApi3Spec(orders, patchPayPalSpec),
    payments: createOpenApi3Spec(payments, patchPayPalSpec),
    webhooks: createOpenApi3Spec(webhooks, patchPayPalSpec),
  }),
);
