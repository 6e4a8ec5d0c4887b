// Everything the providers remember, per sandbox instance; reset rebuilds it from the seeds.
import { seedGoogle, type GoogleState } from "./google/state";
import { seedSendGrid, type SendGridState } from "./sendgrid/state";
import { seedSlack, type SlackState } from "./slack/state";
import { seedStripe, type StripeState } from "./stripe/state";
import { seedPayrexx, type PayrexxState } from "./payrexx/state";
import { seedPaypal, type PaypalState } from "./paypal/state";
import { seedReceiver, type ReceiverState } from "./receiver/state";

export interface SandboxState {
  slack: SlackState;
  sendgrid: SendGridState;
  google: GoogleState;
  stripe: StripeState;
  payrexx: PayrexxState;
  paypal: PaypalState;
  /** Not a provider: the demo webhook receiver (receiver/). */
  receiver: ReceiverState;
}

export function seedState(nowMs: number): SandboxState {
  return { slack: seedSlack(nowMs), sendgrid: seedSendGrid(), google: seedGoogle(), stripe: seedStripe(), payrexx: seedPayrexx(), paypal: seedPaypal(), receiver: seedReceiver() };
}
