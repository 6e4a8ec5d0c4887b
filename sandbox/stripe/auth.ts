// API keys: any key shaped like Stripe's secret (sk_) or restricted (rk_) keys opens
// the sandbox account, so each developer can use their own; the mode in the key
// decides which of the account's two worlds (test, live) a request sees.
import { basicCredentials, bearerToken, type Ctx } from "../core/context";
import { errorBody, type StripeAnswer } from "./errors";
import type { StripeState } from "./state";

const KEY_SHAPE = /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/;

export interface ApiKey {
  key: string;
  livemode: boolean;
  /** A publishable key (pk_), which only the browser's calls naming a client secret may use (Stripe.js confirming a PaymentIntent). */
  publishable?: boolean;
}

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** Stripe never echoes a key: the mode prefix stays, the middle is starred, the last four show. */
export function maskKey(key: string): string {
  const prefix = key.match(/^(sk|rk|pk)_(test|live)_/)?.[0] ?? "";
  return `${prefix}****${key.slice(-4)}`;
}

function unauthorized(message: string): StripeAnswer {
  return { status: 401, body: errorBody({ type: "invalid_request_error", message }), replayable: false };
}

export function authenticate(ctx: Ctx, state: StripeState, publishableAllowed = false): ApiKey | StripeAnswer {
  // curl -u sk_test_…: sends the key as the Basic user name, which Stripe accepts too.
  const key = bearerToken(ctx) ?? basicCredentials(ctx)?.id;
  if (!key) return unauthorized(NO_KEY);
  if (publishableAllowed && /^pk_(test|live)_[A-Za-z0-9]{8,}$/.test(key) && !key.includes("invalid")) return { key, livemode: key.includes("_live_"), publishable: true };
  if (/^pk_(test|live)_/.test(key)) return unauthorized("This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.");
  // A key containing "invalid" is refused, like a deleted key.
  if (!KEY_SHAPE.test(key) || key.includes("invalid") || state.revokedKeys.has(key)) return unauthorized(`Invalid API Key provided: ${maskKey(key)}`);
  state.seenKeys.add(key);
  return { key, livemode: key.includes("_live_") };
}

export function isAnswer(v: ApiKey | StripeAnswer): v is StripeAnswer {
  return "status" in v;
}
