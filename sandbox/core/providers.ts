// The names of the emulated providers come from the registry (sandbox/registry.ts),
// which the server hands to the runtime; core only checks against that list.

export function isProvider(providers: readonly string[], v: unknown): v is string {
  return typeof v === "string" && providers.includes(v);
}

/** For messages that name the choices: "slack", "sendgrid" or "stripe". */
export function providerChoices(providers: readonly string[], extra: string[] = []): string {
  const all = [...providers, ...extra].map((p) => `"${p}"`);
  return all.length === 1 ? all[0]! : `${all.slice(0, -1).join(", ")} or ${all.at(-1)}`;
}
