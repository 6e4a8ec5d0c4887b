// Every request a provider endpoint received, with what the sandbox made of it, so a
// test or a person can see why a call was refused without reading server output.
import type { FaultKind } from "./faults";
import { keepLatest } from "./keep-latest";
import type { ValidationOutcome } from "./validation-outcome";

export interface RequestLogEntry {
  id: number;
  at: string;
  provider: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /** The spec operation the request matched, e.g. "slack chat.postMessage" or "google calendar.events.insert". */
  operation: string | null;
  validation: ValidationOutcome;
  /** Null while pending, and for a timeout or reset fault, which never answer. */
  status: number | null;
  fault: FaultKind | null;
  durationMs: number | null;
}

const MAX_ENTRIES = 5000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextId = 1;

  add(entry: Omit<RequestLogEntry, "id">): RequestLogEntry {
    const full = { id: this.nextId++, ...entry };
    this.entries.push(full);
    keepLatest(this.entries, MAX_ENTRIES);
    return full;
  }

  list(provider?: string): RequestLogEntry[] {
    return provider ? this.entries.filter((e) => e.provider === provider) : [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
