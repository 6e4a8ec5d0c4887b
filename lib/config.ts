// Settings read from the environment, with the defaults the README lists.
export function appUrl(): string {
  return (process.env.APP_URL ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
}

/** Where the local provider emulator listens (started by `npm start` and the tests). */
export function sandboxUrl(env: Record<string, string | undefined> = process.env): string {
  return (env.SANDBOX_URL ?? "http://127.0.0.1:4010").replace(/\/$/, "");
}

/**
 * Whether this server offers sandbox mode. The sandbox is a demo and test tool:
 * SANDBOX=on or off says so explicitly; unset, it is on only for the embedded
 * demo (no DATABASE_URL), never for a server on a database of its own.
 */
export function sandboxEnabled(env: Record<string, string | undefined> = process.env): boolean {
  const v = env.SANDBOX?.trim().toLowerCase();
  if (!v) return !env.DATABASE_URL;
  if (v === "on") return true;
  if (v === "off") return false;
  throw new Error(`SANDBOX must be "on" or "off", not "${env.SANDBOX}"`);
}
