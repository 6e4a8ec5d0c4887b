// A sandbox per test file, and shortcuts to its control API.
import { afterAll, beforeAll } from "vitest";
import { CONTROL_TOKEN_HEADER } from "../../sandbox/control/token";
import { sandboxAppEnv, startSandbox, type Sandbox } from "../../sandbox/server";

export interface SandboxHandle {
  url: string;
  /** What `npm start` would hand the app to use the sandbox's own servers (SMTP_* of its SMTP server). */
  appEnv: Record<string, string>;
  control(path: string, body?: unknown, method?: string): Promise<any>;
  inbox(): Promise<any>;
  requests(provider?: string): Promise<any[]>;
}

export function useSandbox(): SandboxHandle {
  let sandbox: Sandbox;
  const handle = {} as SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, requireSpecs: true, log: () => {} });
    handle.url = sandbox.url;
    handle.appEnv = sandboxAppEnv(sandbox, {});
    // Connections in sandbox mode find the emulator through this variable.
    process.env.SANDBOX_URL = sandbox.url;
    // As `npm start` hands it to the app, for its own sandbox-mode set-up calls.
    process.env.SANDBOX_CONTROL_TOKEN = sandbox.controlToken;
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  handle.control = async (path, body, method = "POST") => {
    const res = await fetch(`${handle.url}/_sandbox/${path}`, {
      method,
      headers: { [CONTROL_TOKEN_HEADER]: sandbox.controlToken, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  handle.inbox = () => handle.control("inbox.json", undefined, "GET");
  handle.requests = async (provider) => {
    const res = await handle.control(`requests${provider ? `?provider=${provider}` : ""}`, undefined, "GET");
    return Array.isArray(res) ? res : res.requests;
  };
  return handle;
}
