// The sandbox's test means of payment: card numbers that stand for an outcome, as
// on any test PSP, and a TWINT button that always pays. Any other card number that
// passes the Luhn check is declined (a real card in test mode).
export type CardCheck = { ok: true; outcome: "confirmed" | "declined"; brand: string; cardNumber: string; expiry: string } | { ok: false; message: string };

const TEST_CARDS: Record<string, { brand: string; outcome: "confirmed" | "declined" }> = {
  "4242424242424242": { brand: "visa", outcome: "confirmed" },
  "5555555555554444": { brand: "mastercard", outcome: "confirmed" },
  "4000000000000002": { brand: "visa", outcome: "declined" },
};

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export function checkCard(input: { number: string; expiry: string; cvc: string }, nowMs: number): CardCheck {
  const number = input.number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) return { ok: false, message: "Please enter a valid card number." };
  const m = input.expiry.replace(/\s/g, "").match(/^(\d{1,2})\/(\d{2}|\d{4})$/);
  const month = m ? Number(m[1]) : 0;
  const year = m ? (m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2])) : 0;
  const now = new Date(nowMs);
  if (month < 1 || month > 12 || year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1)) {
    return { ok: false, message: "Please enter a valid expiry date (MM/YY)." };
  }
  if (!/^\d{3,4}$/.test(input.cvc.trim())) return { ok: false, message: "Please enter the card's security code." };
  const known = TEST_CARDS[number];
  return {
    ok: true,
    outcome: known?.outcome ?? "declined",
    brand: known?.brand ?? (number.startsWith("4") ? "visa" : "mastercard"),
    cardNumber: `${number.slice(0, 6)}******${number.slice(-4)}`,
    expiry: `${String(year).slice(2)}-${String(month).padStart(2, "0")}`,
  };
}
