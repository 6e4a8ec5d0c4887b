export const PROVIDERS = ["slack", "sendgrid", "google", "stripe", "payrexx", "paypal"] as const;
export type Provider = (typeof PROVIDERS)[number];

export function isProvider(v: unknown): v is Provider {
  return typeof v === "string" && (PROVIDERS as readonly string[]).includes(v);
}

/** For messages that name the choices: "slack", "sendgrid", "google" or "stripe". */
export function providerChoices(extra: string[] = []): string {
  const all = [...PROVIDERS, ...extra].map((p) => `"${p}"`);
  return `${all.slice(0, -1).join(", ")} or ${all.at(-1)}`;
}
