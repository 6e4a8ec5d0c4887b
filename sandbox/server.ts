// The provider sandbox: a local HTTP server the official SDKs are pointed at (by their
// own base-URL options) instead of the providers' hosts. See sandbox/README.md.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Clock } from "./core/clock";
import type { Runtime } from "./core/context";
import { FaultBook } from "./core/faults";
import { RequestLog } from "./core/request-log";
import type { Listener } from "./core/provider-module";
import { MODULES, PROVIDERS, requiredSpecFiles } from "./registry";
import { routeRequest } from "./route-request";
import { seedState } from "./state";
import { defaultSpecsDir, openSpecStore } from "./validation/spec-store";

export interface SandboxOptions {
  /** 0 = any free port. Default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default ../shared/specs from the working directory, or SWITCHBOARD_SPECS_DIR. */
  specsDir?: string;
  /** Refuse to start without the specs (tests): a sandbox that cannot validate must not pass them. */
  requireSpecs?: boolean;
  /** The control API's token (control/token.ts); default SANDBOX_CONTROL_TOKEN, else a new random one. */
  controlToken?: string;
  log?: (line: string) => void;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:4010, no trailing slash. */
  url: string;
  validating: boolean;
  /** For whoever drives the control API; never for the app's outbound webhooks. */
  controlToken: string;
  /** The servers modules run beside the HTTP one (the SMTP server), with what the app sets to use them. */
  listeners: Array<{ module: string; describe: string; appEnv: Record<string, string> }>;
  stop(): Promise<void>;
}

/**
 * What the app should add to its environment to use the sandbox's servers: each
 * listener's variables, only when the operator set none of them (an SMTP_HOST of
 * one's own is never mixed with the sandbox's port).
 */
export function sandboxAppEnv(sandbox: Pick<Sandbox, "listeners">, env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of sandbox.listeners) {
    if (Object.keys(l.appEnv).some((k) => env[k])) continue;
    Object.assign(out, l.appEnv);
  }
  return out;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const log = opts.log ?? ((line: string) => console.log(`[sandbox] ${line}`));
  const specsDir = opts.specsDir ?? defaultSpecsDir();
  const specs = await openSpecStore(specsDir, requiredSpecFiles());
  if (!specs.validating) {
    if (opts.requireSpecs) throw new Error(`sandbox: provider API specs missing, cannot validate requests: ${specs.missing.join(", ")}`);
    log(`not validating requests: provider specs not found in ${specsDir} (set SWITCHBOARD_SPECS_DIR to the shared specs folder)`);
  }

  const stopping = new AbortController();
  const clock = new Clock();
  const controlToken = opts.controlToken ?? (process.env.SANDBOX_CONTROL_TOKEN || randomBytes(24).toString("base64url"));
  const rt: Runtime = {
    url: "",
    controlToken,
    clock,
    specs,
    faults: new FaultBook(),
    requests: new RequestLog(),
    state: seedState(clock.now()),
    seed: seedState,
    providers: PROVIDERS,
    stopping: stopping.signal,
    log,
  };
  const server = createServer((req, res) => void routeRequest(rt, req, res));
  // fetch (undici) reuses an idle connection for the hinted 5 s minus a margin; a server
  // that closes it at 6 s loses the race whenever a busy machine delays timers by
  // seconds, and the request written on the closing socket fails with ECONNRESET.
  // Closing idle connections only 30 s after the hint leaves the client to drop them first.
  server.keepAliveTimeoutBuffer = 30_000;

  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 4010, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  rt.url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const listeners: Array<Listener & { module: string }> = [];
  try {
    for (const m of MODULES.all) if (m.listen) listeners.push({ module: m.name, ...(await m.listen(rt)) });
  } catch (err) {
    await Promise.all(listeners.map((l) => l.stop()));
    server.close();
    throw err;
  }

  let stopped: Promise<void> | undefined;
  return {
    url: rt.url,
    validating: specs.validating,
    controlToken,
    listeners: listeners.map(({ module, describe, appEnv }) => ({ module, describe, appEnv })),
    stop() {
      stopped ??= Promise.all([
        new Promise<void>((resolve) => {
          stopping.abort();
          server.close(() => resolve());
          // Requests held open by a timeout fault would otherwise keep close() waiting forever.
          server.closeAllConnections();
        }),
        ...listeners.map((l) => l.stop()),
      ]).then(() => undefined);
      return stopped;
    },
  };
}
