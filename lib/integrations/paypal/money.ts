// PayPal writes amounts as decimal strings, with its own idea of each currency's
// decimals: JPY, HUF and TWD take none, where our minor units (Intl's digits) give
// TWD two.
import { minorUnitDigits } from "@/lib/domain/money";

const WHOLE_UNITS_ONLY = new Set(["HUF", "JPY", "TWD"]);

export interface PayPalMoney {
  currency_code: string;
  value: string;
}

function paypalDigits(currency: string): number {
  return WHOLE_UNITS_ONLY.has(currency) ? 0 : minorUnitDigits(currency);
}

/** 2500 EUR minor units → "25.00"; 1500 JPY → "1500"; 250000 HUF minor units → "2500". */
export function toPayPalMoney(minor: number, currency: string): PayPalMoney {
  const code = currency.trim().toUpperCase();
  const ours = minorUnitDigits(code);
  const theirs = paypalDigits(code);
  const factor = 10 ** (ours - theirs);
  if (minor % factor !== 0) throw new RangeError(`PayPal takes whole ${code} amounts only; ${minor / 10 ** ours} ${code} has a fraction`);
  const units = minor / factor;
  if (theirs === 0) return { currency_code: code, value: String(units) };
  const s = String(units).padStart(theirs + 1, "0");
  return { currency_code: code, value: `${s.slice(0, -theirs)}.${s.slice(-theirs)}` };
}

/** PayPal's "25.00" EUR → 2500 minor units, as orders count money. */
export function fromPayPalValue(value: string, currency: string): number {
  const code = currency.trim().toUpperCase();
  const m = value.trim().match(/^(\d+)(?:\.(\d+))?$/);
  if (!m) throw new RangeError(`Not a PayPal amount: ${value}`);
  const digits = minorUnitDigits(code);
  const fraction = (m[2] ?? "").padEnd(digits, "0");
  if (fraction.length > digits) throw new RangeError(`${value} ${code} has more decimals than ${code} takes`);
  return Number(m[1]) * 10 ** digits + Number(fraction || "0");
}
