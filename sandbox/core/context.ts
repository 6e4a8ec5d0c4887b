// What a handler gets for one request: the parsed request, the sandbox it runs in,
// and (for provider calls) the log entry its answer is recorded in.
import type { IncomingMessage, ServerResponse } from "node:http";
import { safeDecode } from "./path-template";
import type { FormFields, ParsedBody } from "./body";
import type { Clock } from "./clock";
import type { FaultBook } from "./faults";
import type { RequestLog, RequestLogEntry } from "./request-log";
import type { SpecStore } from "./spec-source";

/** Each module's state under its name; the registry's SandboxState (sandbox/state.ts) is its typed form. */
export type StateMap = Record<string, unknown>;

export interface Runtime {
  /** Base URL without trailing slash, known once the server listens. */
  url: string;
  clock: Clock;
  specs: SpecStore;
  faults: FaultBook;
  requests: RequestLog;
  state: StateMap;
  /** Builds every module's state afresh (start and reset). */
  seed: (nowMs: number) => StateMap;
  /** The emulated providers' names, from the registry. */
  providers: readonly string[];
  /** What a control call that changes state must carry (see control/token.ts). */
  controlToken: string;
  /** Aborted by stop(), so pending latency waits end with the server. */
  stopping: AbortSignal;
  /** Operator-facing lines (startup notes, handler crashes). */
  log: (line: string) => void;
}

export interface Ctx {
  rt: Runtime;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  /** The path below the provider's prefix ("/api/chat.postMessage"), or the whole path elsewhere. */
  subpath: string;
  query: FormFields;
  raw: Buffer;
  body: ParsedBody;
  entry: RequestLogEntry | null;
}

export function header(ctx: Ctx, name: string): string | undefined {
  const v = ctx.req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The token of an `Authorization: Bearer …` header, if there is one. */
export function bearerToken(ctx: Ctx): string | undefined {
  const auth = header(ctx, "authorization");
  const m = auth?.match(/^Bearer\s+(.+)$/i);
  return m?.[1]?.trim();
}

/** Client credentials of an `Authorization: Basic …` header (OAuth token endpoints accept them). */
export function basicCredentials(ctx: Ctx): { id: string; secret: string } | undefined {
  const auth = header(ctx, "authorization");
  const m = auth?.match(/^Basic\s+(.+)$/i);
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const i = decoded.indexOf(":");
  if (i < 0) return undefined;
  return { id: safeDecode(decoded.slice(0, i)), secret: safeDecode(decoded.slice(i + 1)) };
}

export function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
