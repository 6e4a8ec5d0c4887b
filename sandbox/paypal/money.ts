// PayPal's amounts are decimal strings. Which currencies it takes, and with how many
// decimals, is PayPal's own list (not ISO 4217: HUF and TWD take no decimals).
import type { PayPalMoney } from "./state";

export const CURRENCY_DECIMALS: Readonly<Record<string, number>> = {
  AUD: 2, BRL: 2, CAD: 2, CNY: 2, CZK: 2, DKK: 2, EUR: 2, HKD: 2, HUF: 0, ILS: 2, JPY: 0, MYR: 2,
  MXN: 2, TWD: 0, NZD: 2, NOK: 2, PHP: 2, PLN: 2, GBP: 2, RUB: 2, SGD: 2, SEK: 2, CHF: 2, THB: 2, USD: 2,
};

export type MoneyProblem = "CURRENCY_NOT_SUPPORTED" | "DECIMALS_NOT_SUPPORTED" | "DECIMAL_PRECISION" | "CANNOT_BE_NEGATIVE";

/** "25.00" in EUR is 2500; "1500" in JPY is 1500. */
export function parseValue(value: string, currency: string): PayPalMoney | MoneyProblem {
  const decimals = CURRENCY_DECIMALS[currency];
  if (decimals === undefined) return "CURRENCY_NOT_SUPPORTED";
  if (value.startsWith("-")) return "CANNOT_BE_NEGATIVE";
  const [whole = "0", fraction = ""] = value.split(".");
  if (fraction.length > 0 && decimals === 0) return "DECIMALS_NOT_SUPPORTED";
  if (fraction.length > decimals) return "DECIMAL_PRECISION";
  return { currency, minor: Number(whole || "0") * 10 ** decimals + Number(fraction.padEnd(decimals, "0") || "0") };
}

export function formatValue(m: PayPalMoney): string {
  const decimals = CURRENCY_DECIMALS[m.currency] ?? 2;
  if (decimals === 0) return String(m.minor);
  const s = String(m.minor).padStart(decimals + 1, "0");
  return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

export function moneyView(m: PayPalMoney): { currency_code: string; value: string } {
  return { currency_code: m.currency, value: formatValue(m) };
}

/** For the approval page and event summaries: "EUR 50.00". */
export function display(m: PayPalMoney): string {
  return `${m.currency} ${formatValue(m)}`;
}

/** PayPal's fee on a domestic sale, roughly: 3.49 % plus a fixed fee, so the breakdowns are not all zero. */
export function paypalFee(m: PayPalMoney): PayPalMoney {
  const decimals = CURRENCY_DECIMALS[m.currency] ?? 2;
  // 0.35 in a currency with cents, 40 in one without (JPY's fixed fee).
  const fixed = decimals === 0 ? 40 : 35;
  return { currency: m.currency, minor: Math.min(m.minor, Math.round(m.minor * 0.0349) + fixed) };
}
