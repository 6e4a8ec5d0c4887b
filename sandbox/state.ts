// Everything the providers remember, per sandbox instance; reset rebuilds it from the seeds.
import { seedGoogle, type GoogleState } from "./google/state";
import { seedSendGrid, type SendGridState } from "./sendgrid/state";
import { seedSlack, type SlackState } from "./slack/state";
import { seedStripe, type StripeState } from "./stripe/state";

export interface SandboxState {
  slack: SlackState;
  sendgrid: SendGridState;
  google: GoogleState;
  stripe: StripeState;
}

export function seedState(nowMs: number): SandboxState {
  return { slack: seedSlack(nowMs), sendgrid: seedSendGrid(), google: seedGoogle(), stripe: seedStripe() };
}
