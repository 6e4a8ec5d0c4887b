// The origins a page may load files from or upload them to, for the CSP: each
// provider's own (its manifest's browserOrigins), the sandbox when it is on, and
// what the operator adds for a storage endpoint of their own (STORAGE_ORIGINS,
// e.g. a MinIO host), read from manifests so no provider is named here.
import { manifests } from "./registry";
import { sandboxEnabled, sandboxUrl } from "./sandbox-url";

const HOST_SOURCE = /^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/i;

export function browserFileOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const fromEnv = (env.STORAGE_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const o of fromEnv) {
    if (!HOST_SOURCE.test(o)) throw new Error(`STORAGE_ORIGINS: "${o}" is not an origin such as https://minio.example.com:9000`);
  }
  const sandbox = sandboxEnabled(env) ? [new URL(env.SANDBOX_URL ?? sandboxUrl()).origin] : [];
  return [...new Set([...manifests.flatMap((m) => m.browserOrigins ?? []), ...sandbox, ...fromEnv])];
}

/** Where the page tags providers bring load from and report to (manifests' pageTagOrigins), and the sandbox when it is on. */
export function browserTagOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const sandbox = sandboxEnabled(env) ? [new URL(env.SANDBOX_URL ?? sandboxUrl()).origin] : [];
  return [...new Set([...manifests.flatMap((m) => m.pageTagOrigins ?? []), ...sandbox])];
}

/**
 * What the payment providers' on-page forms load (manifests' paymentFormOrigins)
 * and, when the sandbox is on, the sandbox, whose stand-ins for the providers'
 * browser scripts are loaded, framed and called from there.
 */
export function browserPaymentFormOrigins(env: Record<string, string | undefined> = process.env): { script: string[]; frame: string[]; connect: string[] } {
  const sandbox = sandboxEnabled(env) ? [new URL(env.SANDBOX_URL ?? sandboxUrl()).origin] : [];
  const union = (pick: (o: NonNullable<(typeof manifests)[number]["paymentFormOrigins"]>) => readonly string[]) => [
    ...new Set([...manifests.flatMap((m) => (m.paymentFormOrigins ? pick(m.paymentFormOrigins) : [])), ...sandbox]),
  ];
  return { script: union((o) => o.script), frame: union((o) => o.frame), connect: union((o) => o.connect) };
}
