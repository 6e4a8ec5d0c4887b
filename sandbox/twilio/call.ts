// What one emulated API operation gets.
import type { FormFields } from "../core/body";
import type { Ctx } from "../core/context";
import type { TwilioAnswer } from "./errors";
import type { TwilioAccount, TwilioState } from "./state";

export interface TwilioCall {
  ctx: Ctx;
  state: TwilioState;
  account: TwilioAccount;
  params: Record<string, string>;
  /** Repeated parameters (MediaUrl) as lists. */
  fields: FormFields;
  pathParams: Record<string, string>;
}

export type Run = (call: TwilioCall) => TwilioAnswer;
