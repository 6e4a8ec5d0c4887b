// Failures on demand, so retry, backoff and circuit-breaking code can be exercised
// against the same endpoints that succeed the rest of the time.
import { isProvider, providerChoices } from "./providers";

export const FAULT_KINDS = ["status", "rate_limit", "latency", "timeout", "reset"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  id: string;
  provider: string;
  /** Substring of the request path; null matches every path of the provider. */
  match: string | null;
  kind: FaultKind;
  status: number | null;
  retryAfterSeconds: number;
  /** Whether retryAfterSeconds was given: a provider that sends no Retry-After of its own (Stripe) adds one only then. */
  retryAfterAsked: boolean;
  latencyMs: number;
  /** How many more requests it applies to; null until cleared. */
  remaining: number | null;
  hits: number;
}

/** What to do with one request: wait first, then possibly answer instead of the provider. */
export interface FaultPlan {
  latencyMs: number;
  terminal: Fault | null;
  applied: FaultKind[];
}

function isKind(v: unknown): v is FaultKind {
  return typeof v === "string" && (FAULT_KINDS as readonly string[]).includes(v);
}

function nonNegativeNumber(v: unknown, name: string, fallback: number): number | string {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) return `${name} must be a non-negative number`;
  return v;
}

/** Reads a fault from the control API's JSON; a string is the reason it was refused. */
export function parseFault(input: unknown, id: string, providers: readonly string[]): Fault | string {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return "expected a JSON object";
  const o = input as Record<string, unknown>;
  if (!(o.provider === "*" || isProvider(providers, o.provider))) return `provider must be ${providerChoices(providers, ["*"])}`;
  if (!isKind(o.kind)) return `kind must be one of ${FAULT_KINDS.join(", ")}`;
  if (o.match !== undefined && typeof o.match !== "string") return "match must be a string";
  let status: number | null = null;
  if (o.kind === "status") {
    if (typeof o.status !== "number" || !Number.isInteger(o.status) || o.status < 400 || o.status > 599) {
      return "a status fault needs status, an integer from 400 to 599";
    }
    status = o.status;
  }
  const retryAfter = nonNegativeNumber(o.retryAfterSeconds, "retryAfterSeconds", 1);
  if (typeof retryAfter === "string") return retryAfter;
  const latency = nonNegativeNumber(o.latencyMs, "latencyMs", 1000);
  if (typeof latency === "string") return latency;
  const times = nonNegativeNumber(o.times, "times", 1);
  if (typeof times === "string") return times;
  if (!Number.isInteger(times)) return "times must be an integer";
  return {
    id,
    provider: o.provider as string,
    match: typeof o.match === "string" && o.match !== "" ? o.match : null,
    kind: o.kind,
    status,
    retryAfterSeconds: Math.ceil(retryAfter),
    retryAfterAsked: o.retryAfterSeconds !== undefined,
    latencyMs: latency,
    remaining: times === 0 ? null : times,
    hits: 0,
  };
}

export class FaultBook {
  private faults: Fault[] = [];
  private nextId = 1;

  newId(): string {
    return `fault_${this.nextId++}`;
  }

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): number {
    const n = this.faults.length;
    this.faults = [];
    return n;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  /**
   * Latency faults add up and each counts as used; of the answering kinds the oldest
   * matching one wins, so a test can queue "one 429, then one 500" in order.
   */
  take(provider: string, path: string): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, terminal: null, applied: [] };
    for (const f of this.faults) {
      if (f.provider !== "*" && f.provider !== provider) continue;
      if (f.match !== null && !path.includes(f.match)) continue;
      if (f.kind === "latency") {
        plan.latencyMs += f.latencyMs;
        this.use(f);
        plan.applied.push("latency");
      } else if (plan.terminal === null) {
        plan.terminal = f;
        this.use(f);
        plan.applied.push(f.kind);
      }
    }
    this.faults = this.faults.filter((f) => f.remaining === null || f.remaining > 0);
    return plan;
  }

  private use(f: Fault): void {
    f.hits++;
    if (f.remaining !== null) f.remaining--;
  }
}
