// The cards an on-page form (or a server-side confirm) pays with: the test card
// numbers the hosted Checkout page knows (../checkout/cards.ts), the ones whose
// bank asks for 3-D Secure, and Stripe's test PaymentMethods (pm_card_visa…),
// which stand for those numbers in server-side calls.
import { asObject, type FormObject } from "../../validation/deep-object";
import { checkCard } from "../checkout/cards";
import { refused, type StripeAnswer } from "../errors";
import { int, str } from "../params";
import type { CardDecline, StripeCard } from "../state";

/** Stripe's "authentication required" test cards: the payment waits for the challenge, then succeeds if it is passed. */
const AUTHENTICATION_CARDS = new Set(["4000002760003184", "4000000000003220", "4000002500003155"]);

const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_mastercard: "5555555555554444",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_authenticationRequired: "4000002760003184",
  pm_card_threeDSecure2Required: "4000000000003220",
};

export interface ConfirmCard {
  card: StripeCard;
  decline: CardDecline | null;
  needsAuthentication: boolean;
  name: string | null;
}

function cardError(message: string, code: string, param: string): StripeAnswer {
  return refused(402, { type: "card_error", code, message, param });
}

/** The card error Stripe's API gives for what Stripe.js would have refused before sending. */
function asCardError(message: string): StripeAnswer {
  if (/expiration/.test(message)) return cardError(message.replace("is incomplete", "is invalid"), "invalid_expiry_year", "payment_method_data[card][exp_year]");
  if (/security code/.test(message)) return cardError(message.replace("is incomplete", "is invalid"), "invalid_cvc", "payment_method_data[card][cvc]");
  return cardError("Your card number is incorrect.", "incorrect_number", "payment_method_data[card][number]");
}

/** The card a confirm names, by number (the browser's form) or by a test PaymentMethod; a Stripe answer when it cannot be used. */
export function confirmCard(params: FormObject, nowMs: number, livemode: boolean): ConfirmCard | StripeAnswer {
  const data = asObject(params.payment_method_data) ?? {};
  const raw = asObject(data.card) ?? {};
  const pm = str(params, "payment_method");
  const name = str(asObject(data.billing_details) ?? {}, "name")?.trim() || null;
  let number: string;
  let expiry: string;
  let cvc: string;
  if (pm) {
    const known = TEST_PAYMENT_METHODS[pm];
    if (!known) return refused(400, { type: "invalid_request_error", code: "resource_missing", message: `No such PaymentMethod: '${pm}'`, param: "payment_method" });
    number = known;
    expiry = `12/${new Date(nowMs).getUTCFullYear() + 3}`;
    cvc = "123";
  } else if (str(raw, "number") !== undefined) {
    number = str(raw, "number")!.replace(/[\s-]/g, "");
    expiry = `${int(raw, "exp_month") ?? ""}/${int(raw, "exp_year") ?? ""}`;
    cvc = str(raw, "cvc") ?? "";
  } else {
    return refused(400, {
      type: "invalid_request_error",
      code: "payment_intent_unexpected_state",
      message: "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
    });
  }
  const needsAuthentication = AUTHENTICATION_CARDS.has(number);
  // The Payment Element asks for no name on the card; the hosted page's check wants one.
  const check = checkCard({ number, expiry, cvc, name: name ?? "Card holder" }, nowMs, livemode);
  if (!check.ok) return asCardError(check.message);
  // checkCard knows only the hosted page's test cards; the 3-D Secure ones are test cards too.
  const decline = needsAuthentication && !livemode ? null : check.decline;
  return { card: check.card, decline, needsAuthentication: needsAuthentication && !livemode, name };
}

export function isAnswer(v: ConfirmCard | StripeAnswer): v is StripeAnswer {
  return "status" in v;
}
