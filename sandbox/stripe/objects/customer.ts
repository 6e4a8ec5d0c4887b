// customer as the API returns it; a deleted customer answers with Stripe's stub.
import { shaped } from "../fixtures";
import type { StripeCustomer } from "../billing-state";
import type { World } from "../world";

export function customerView(w: World, c: StripeCustomer): Record<string, unknown> {
  if (c.deleted) return { id: c.id, object: "customer", deleted: true };
  const delinquent = [...w.state.billing.invoices.values()].some((i) => i.customerId === c.id && i.status === "open" && i.attemptCount > 0);
  return shaped(w.templates, "customer", {
    id: c.id,
    object: "customer",
    address: null,
    balance: 0,
    created: c.created,
    currency: [...w.state.billing.subscriptions.values()].find((s) => s.customerId === c.id)?.currency ?? null,
    default_source: null,
    delinquent,
    description: c.description,
    discount: null,
    email: c.email,
    invoice_prefix: c.invoicePrefix,
    invoice_settings: {
      custom_fields: null,
      default_payment_method: c.defaultCard?.paymentMethodId ?? null,
      footer: null,
      rendering_options: null,
    },
    livemode: c.livemode,
    metadata: { ...c.metadata },
    name: c.name,
    next_invoice_sequence: c.nextInvoiceSequence,
    phone: c.phone,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  });
}

