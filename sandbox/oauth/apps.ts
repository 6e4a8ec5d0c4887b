// The OAuth app the sandbox knows, like a test-mode app registered with each provider.
// Its credentials are public on purpose: they only open the local emulator.
export interface SandboxApp {
  clientId: string;
  clientSecret: string;
  name: string;
}

export const SANDBOX_APPS: readonly SandboxApp[] = [{ clientId: "switchboard-sandbox", clientSecret: "sandbox-client-secret", name: "Switchboard Sandbox" }];

export function findApp(clientId: string | undefined): SandboxApp | undefined {
  return SANDBOX_APPS.find((a) => a.clientId === clientId);
}
