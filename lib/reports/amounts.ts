// Money in a report, from integer minor units without a float in between: the
// CSV gets a plain decimal (25.00) a spreadsheet sums exactly, the page the
// currency's own format (CHF 25.00). Zero is 0.00, never "Free": a report's
// zero is an amount.
import { minorUnitDigits } from "@/lib/domain/money";

export function decimalAmount(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const abs = Math.abs(minor).toString().padStart(digits + 1, "0");
  const sign = minor < 0 ? "-" : "";
  return digits ? `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}` : `${sign}${abs}`;
}

export function formatAmount(minor: number, currency: string): string {
  // Intl formats a decimal string exactly (ECMA-402 NumberFormat v3).
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(decimalAmount(minor, currency) as `${number}`);
}
