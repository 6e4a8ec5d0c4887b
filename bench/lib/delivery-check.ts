// Receipts against the database: every message the fan-out made for a scenario's
// organization must have been accepted by its own endpoint's receiver, once after
// deduplicating on webhook-id, with a signature that verified. Also the waiting:
// a scenario is over when its last expected message has been accepted.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { Receipt } from "./delivery-protocol";
import type { Fixture } from "./delivery-fixtures";
import type { Receivers } from "./delivery-receivers";

export interface Verdict {
  /** Messages the fan-out made (webhook_messages rows of the organization). */
  messages: number;
  /** What the scenario asked for: events × endpoints. */
  expected: number;
  /** Requests the receivers got, every answer included. */
  requests: number;
  /** Requests answered 2xx (signature verified, receiver not in an outage). */
  accepted: number;
  /** Requests a receiver in an outage answered 500. */
  refused: number;
  /** Accepted requests whose webhook-id had been accepted before: what a receiver's dedupe drops. */
  duplicates: number;
  /** Messages no receiver accepted, plus the ones the fan-out never made. */
  missing: number;
  signatureFailures: number;
  /** Accepted at an endpoint other than the message's, or a webhook-id the database does not know. */
  misdirected: number;
  /** Attempts the worker logged (webhook_attempts), refused connections included. */
  attempts: number;
  /** Messages not `succeeded` in the database once everything was received. */
  notSucceeded: number;
  problems: string[];
}

/** Resolves with true once `expected` distinct webhook-ids under the scenario's paths were accepted, false at the deadline. */
export function awaitAccepted(receivers: Receivers, scenario: string, expected: number, timeoutMs: number): { done: Promise<boolean>; lastAt: () => number; firstAt: () => number } {
  const prefix = `/e/${scenario}/`;
  const seen = new Set<string>();
  let first = Number.NaN;
  let last = Number.NaN;
  let finish: (ok: boolean) => void = () => {};
  const done = new Promise<boolean>((resolve) => (finish = resolve));
  const timer = setTimeout(() => finish(false), timeoutMs);
  receivers.onReceipt((r) => {
    if (r.status !== 204 || !r.path.startsWith(prefix) || seen.has(r.msgId)) return;
    seen.add(r.msgId);
    if (Number.isNaN(first)) first = r.at;
    last = r.at;
    if (seen.size >= expected) {
      clearTimeout(timer);
      finish(true);
    }
  });
  return { done: done.finally(() => receivers.onReceipt(null)), lastAt: () => last, firstAt: () => first };
}

export function receiptsOf(receivers: Receivers, scenario: string): Receipt[] {
  const prefix = `/e/${scenario}/`;
  return receivers.receipts.filter((r) => r.path.startsWith(prefix));
}

/** The worker records an attempt just after the receiver answers; give it a moment to say `succeeded`. */
async function settled(db: Db, orgId: string, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await sql<{ n: string }>`select count(*) as n from webhook_messages where org_id = ${orgId}::uuid and status <> 'succeeded'`.execute(db);
    const n = Number(row.rows[0]?.n ?? 0);
    if (n === 0 || Date.now() > deadline) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function verify(db: Db, fixture: Fixture, receipts: Receipt[], expected: number): Promise<Verdict> {
  const notSucceeded = await settled(db, fixture.orgId);
  const rows = await db.selectFrom("webhook_messages").select(["msg_id", "endpoint_id"]).where("org_id", "=", fixture.orgId).execute();
  const endpointOf = new Map(rows.map((r) => [r.msg_id, r.endpoint_id]));
  const attempts = await sql<{ n: string }>`select count(*) as n from webhook_attempts where org_id = ${fixture.orgId}::uuid`.execute(db);

  const acceptedIds = new Set<string>();
  let accepted = 0;
  let refused = 0;
  let duplicates = 0;
  let signatureFailures = 0;
  let misdirected = 0;
  for (const r of receipts) {
    if (!r.signatureOk) signatureFailures++;
    if (r.status === 500) refused++;
    if (r.status !== 204) continue;
    accepted++;
    if (endpointOf.get(r.msgId) !== fixture.endpointByPath.get(r.path)) misdirected++;
    if (acceptedIds.has(r.msgId)) duplicates++;
    else acceptedIds.add(r.msgId);
  }
  let missing = Math.max(0, expected - rows.length);
  for (const id of endpointOf.keys()) if (!acceptedIds.has(id)) missing++;

  const problems: string[] = [];
  if (rows.length !== expected) problems.push(`the fan-out made ${rows.length} messages, expected ${expected}`);
  if (missing) problems.push(`${missing} message(s) never accepted by their receiver`);
  if (signatureFailures) problems.push(`${signatureFailures} request(s) failed signature verification`);
  if (misdirected) problems.push(`${misdirected} accepted request(s) at the wrong endpoint or with an unknown webhook-id`);
  if (notSucceeded) problems.push(`${notSucceeded} message(s) not marked succeeded in the database`);
  return {
    messages: rows.length,
    expected,
    requests: receipts.length,
    accepted,
    refused,
    duplicates,
    missing,
    signatureFailures,
    misdirected,
    attempts: Number(attempts.rows[0]?.n ?? 0),
    notSucceeded,
    problems,
  };
}

/** Receipt time minus the domain write's occurred_at, for the first accepted receipt of each message. */
export function latencies(receipts: Receipt[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  for (const r of receipts) {
    if (r.status !== 204 || seen.has(r.msgId) || Number.isNaN(r.occurredAt)) continue;
    seen.add(r.msgId);
    out.push(r.at - r.occurredAt);
  }
  return out.sort((a, b) => a - b);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
