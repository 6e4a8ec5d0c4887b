import { stripeId } from "../ids";
import type { PaymentError, PaymentMethodKind, StripeCard, StripeCharge, StripePaymentIntent } from "../state";
import type { World } from "../world";

export function createCharge(
  w: World,
  pi: StripePaymentIntent,
  input: { method: PaymentMethodKind; paymentMethodId: string; card: StripeCard | null; name: string | null; email: string | null; failure: PaymentError | null },
): StripeCharge {
  const id = stripeId("ch");
  const charge: StripeCharge = {
    id,
    livemode: pi.livemode,
    created: w.now(),
    amount: pi.amount,
    currency: pi.currency,
    status: input.failure ? "failed" : "succeeded",
    paymentIntentId: pi.id,
    paymentMethodId: input.paymentMethodId,
    method: input.method,
    card: input.card,
    billing: { name: input.name, email: input.email },
    amountRefunded: 0,
    disputed: false,
    failure: input.failure ? { ...input.failure, chargeId: id } : null,
    metadata: { ...pi.metadata },
    refundIds: [],
    balanceTransactionId: input.failure ? null : stripeId("txn"),
  };
  w.state.charges.set(id, charge);
  pi.latestChargeId = id;
  pi.paymentMethodId = input.paymentMethodId;
  pi.method = input.method;
  return charge;
}
