import { ValidationError } from "@/lib/domain/errors";
import type { ConnectionMode, Connector } from "./contract";

/** Where the local provider emulator listens (started by `npm start` and the tests). */
export function sandboxUrl(): string {
  return (process.env.SANDBOX_URL ?? "http://127.0.0.1:4010").replace(/\/$/, "");
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

/** The modes a tenant may pick, the default first. */
export function connectionModes(): ConnectionMode[] {
  return sandboxEnabled() ? ["sandbox", "live"] : ["live"];
}

export function defaultConnectionMode(): ConnectionMode {
  return connectionModes()[0]!;
}

/** Refuses sandbox mode where the sandbox is off, whatever a form or URL asked for. */
export function assertModeAvailable(mode: ConnectionMode): void {
  if (mode === "sandbox" && !sandboxEnabled()) {
    throw new ValidationError(
      { mode: ["Sandbox mode is not available on this server; connect in live mode."] },
      "Sandbox mode is not available on this server: connect in live mode with your own account. (The sandbox is a demo tool; an operator can turn it on with SANDBOX=on.)",
    );
  }
}

/**
 * The header that lets the app's own sandbox-mode set-up calls through the
 * sandbox's control API (the sandbox's control/token.ts names the same header).
 * Only those calls send it; the outbound webhook transport never does.
 */
export function sandboxControlHeaders(): Record<string, string> {
  const token = process.env.SANDBOX_CONTROL_TOKEN;
  return token ? { "x-sandbox-control-token": token } : {};
}

/** The API base a connection talks to: the provider itself, or its emulation in the sandbox. */
export function baseUrlFor(connector: Pick<Connector, "baseUrls">, mode: ConnectionMode): string {
  return mode === "live" ? connector.baseUrls.live : `${sandboxUrl()}${connector.baseUrls.sandboxPath}`;
}
