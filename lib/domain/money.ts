// Amounts are integer minor units; the currency says how many digits follow the point.
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(minor: number, currency: string): string {
  if (minor === 0) return "Free";
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(minor / 10 ** digits);
}
