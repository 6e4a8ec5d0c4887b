// Stripe's test cards: each number stands for an outcome. Any other number that
// passes the Luhn check is a real card, which test mode declines (and live mode
// declines the test numbers).
import type { CardDecline, StripeCard } from "../state";

interface TestCard {
  brand: string;
  funding: string;
  decline: CardDecline | null;
}

const DECLINED = "Your card was declined.";

const TEST_CARDS: Record<string, TestCard> = {
  "4242424242424242": { brand: "visa", funding: "credit", decline: null },
  "4000056655665556": { brand: "visa", funding: "debit", decline: null },
  "5555555555554444": { brand: "mastercard", funding: "credit", decline: null },
  "4000000000000002": { brand: "visa", funding: "credit", decline: { code: "card_declined", declineCode: "generic_decline", message: DECLINED } },
  "4000000000009995": { brand: "visa", funding: "credit", decline: { code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." } },
  "4000000000009987": { brand: "visa", funding: "credit", decline: { code: "card_declined", declineCode: "lost_card", message: DECLINED } },
  "4000000000000069": { brand: "visa", funding: "credit", decline: { code: "expired_card", declineCode: null, message: "Your card has expired." } },
  "4000000000000127": { brand: "visa", funding: "credit", decline: { code: "incorrect_cvc", declineCode: null, message: "Your card's security code is incorrect." } },
};

export interface CardInput {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
}

export type CardCheck = { ok: true; card: StripeCard; name: string; decline: CardDecline | null } | { ok: false; message: string };

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function brandOf(number: string): string {
  if (/^4/.test(number)) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
  if (/^3[47]/.test(number)) return "amex";
  return "unknown";
}

/** "MM / YY", "MM/YY" or "MM/YYYY", as people type it. */
function parseExpiry(v: string): { month: number; year: number } | null {
  const m = v.replace(/\s/g, "").match(/^(\d{1,2})\/(\d{2}|\d{4})$/);
  if (!m) return null;
  const month = Number(m[1]);
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  return month >= 1 && month <= 12 ? { month, year } : null;
}

/** The checks Stripe's card form makes before anything is sent, with its wording; then the outcome. */
export function checkCard(input: CardInput, nowMs: number, livemode: boolean): CardCheck {
  const number = input.number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number)) return { ok: false, message: "Your card number is incomplete." };
  if (!luhn(number)) return { ok: false, message: "Your card number is invalid." };
  const expiry = parseExpiry(input.expiry);
  if (!expiry) return { ok: false, message: "Your card's expiration date is incomplete." };
  const now = new Date(nowMs);
  if (expiry.year < now.getUTCFullYear() || (expiry.year === now.getUTCFullYear() && expiry.month < now.getUTCMonth() + 1)) {
    return { ok: false, message: "Your card's expiration year is in the past." };
  }
  const brand = brandOf(number);
  if (!new RegExp(brand === "amex" ? "^\\d{4}$" : "^\\d{3}$").test(input.cvc.trim())) return { ok: false, message: "Your card's security code is incomplete." };
  const name = input.name.trim();
  if (!name) return { ok: false, message: "Your name on card is incomplete." };
  const known = TEST_CARDS[number];
  const card: StripeCard = { brand: known?.brand ?? brand, last4: number.slice(-4), expMonth: expiry.month, expYear: expiry.year, funding: known?.funding ?? "credit", country: "US" };
  let decline = known?.decline ?? null;
  if (livemode && known) decline = { code: "card_declined", declineCode: "test_mode_live_card", message: "Your card was declined. Your request was in live mode, but used a known test card." };
  if (!livemode && !known) {
    decline = { code: "card_declined", declineCode: "live_mode_test_card", message: "Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://stripe.com/docs/testing." };
  }
  return { ok: true, card, name, decline };
}
