// Amounts are integers in the currency's smallest unit, as Stripe counts them.
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

/** Stripe's minimum charge per currency, where we sell; others are not checked. */
const MINIMUM_CHARGE: Record<string, number> = { chf: 50, eur: 50, usd: 50, gbp: 30, cad: 50, aud: 50, jpy: 50, sek: 300, nok: 300, dkk: 250 };

export function formatAmount(amount: number, currency: string): string {
  const c = currency.toLowerCase();
  const value = ZERO_DECIMAL.has(c) ? String(amount) : (amount / 100).toFixed(2);
  return `${c.toUpperCase()} ${value}`;
}

export function minimumCharge(currency: string): number | null {
  return MINIMUM_CHARGE[currency.toLowerCase()] ?? null;
}
