import { sandboxEnabled, sandboxUrl } from "@/lib/config";
import { ValidationError } from "@/lib/domain/errors";
import type { ConnectionMode, Connector } from "./contract";

// Whether the sandbox is on and where it listens are settings (lib/config), read by sign-in too.
export { sandboxEnabled, sandboxUrl };

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
