import type { ConnectionMode, Connector } from "./contract";

/** Where the local provider emulator listens (started by `npm start` and the tests). */
export function sandboxUrl(): string {
  return (process.env.SANDBOX_URL ?? "http://127.0.0.1:4010").replace(/\/$/, "");
}

/** The API base a connection talks to: the provider itself, or its emulation in the sandbox. */
export function baseUrlFor(connector: Pick<Connector, "baseUrls">, mode: ConnectionMode): string {
  return mode === "live" ? connector.baseUrls.live : `${sandboxUrl()}${connector.baseUrls.sandboxPath}`;
}
