// Reading what payments produced: PaymentIntents, charges, disputes.
import { answerWith, type Operation } from "../call";
import { visible } from "../lookup";
import { chargeView } from "../objects/charge";
import { disputeView } from "../objects/dispute";
import { paymentIntentView } from "../objects/payment-intent";

export const retrievePaymentIntent: Operation = (call) => {
  const id = call.pathParams.intent!;
  return visible(call.w, "pi", id, call.key.livemode, "intent") ?? answerWith(call, paymentIntentView(call.w, call.w.state.paymentIntents.get(id)!));
};

export const retrieveCharge: Operation = (call) => {
  const id = call.pathParams.charge!;
  return visible(call.w, "ch", id, call.key.livemode, "charge") ?? answerWith(call, chargeView(call.w, call.w.state.charges.get(id)!));
};

export const retrieveDispute: Operation = (call) => {
  const id = call.pathParams.dispute!;
  return visible(call.w, "dp", id, call.key.livemode, "dispute") ?? answerWith(call, disputeView(call.w, call.w.state.disputes.get(id)!));
};
