// Making a customer: through the API, or on Stripe's own when Checkout makes one for
// a subscriber (and for a buyer when customer_creation is "always").
import type { StripeCustomer } from "../billing-state";
import { base62, stripeId } from "../ids";
import { customerView } from "../objects/customer";
import type { StripeSession } from "../state";
import { emit, type Cause } from "../webhooks/emit";
import type { World } from "../world";

export interface CustomerFields {
  email: string | null;
  name: string | null;
  phone?: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
}

export function newCustomer(w: World, livemode: boolean, who: CustomerFields, cause: Cause): StripeCustomer {
  const customer: StripeCustomer = {
    id: stripeId("cus", 14),
    livemode,
    created: w.now(),
    email: who.email,
    name: who.name,
    phone: who.phone ?? null,
    description: who.description ?? null,
    metadata: who.metadata ?? {},
    invoicePrefix: base62(8).toUpperCase(),
    nextInvoiceSequence: 1,
    defaultCard: null,
    deleted: false,
  };
  w.state.billing.customers.set(customer.id, customer);
  emit(w, "customer.created", customerView(w, customer), cause);
  return customer;
}

/** The session's customer, made now if the session needs one and has none. */
export function sessionCustomer(w: World, session: StripeSession, who: { email: string | null; name: string | null }, cause: Cause): StripeCustomer | null {
  const existing = session.customerId ? w.state.billing.customers.get(session.customerId) : undefined;
  if (existing) return existing;
  if (session.mode === "payment" && session.customerCreation !== "always") return null;
  const made = newCustomer(w, session.livemode, who, cause);
  session.customerId = made.id;
  return made;
}

/** The email a session already knows: given at creation, or its customer's. */
export function knownEmail(w: World, session: StripeSession): string | null {
  return session.customerEmail ?? (session.customerId ? (w.state.billing.customers.get(session.customerId)?.email ?? null) : null);
}
