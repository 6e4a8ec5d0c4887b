// Whether the organization's calendars are busy at a time an admin is choosing.
// Every connection whose connector can answer (the freeBusy capability) is asked
// at once, each through its call policy, and the answer never waits longer than
// the deadline: a calendar that is slow, down or needs attention is reported as
// "could not check" and the rest still count. It only warns, so nothing here
// throws to the caller.
import type { Db } from "@/lib/db/client";
import type { ConnectionRow } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { connectorContext } from "@/lib/integrations/connections/context";
import { ProviderCallError, type Connector } from "@/lib/integrations/contract";
import type { BusyInterval, FreeBusyAnswer, UncheckedCalendar } from "@/lib/integrations/contract/calendar";
import { loadConnector } from "@/lib/integrations/registry";
import type { Keyring } from "@/lib/vault";
import { appKeyring } from "@/lib/vault/app-keyring";
import { raceDeadline } from "./deadline";

/** How long the event form waits for any one calendar. */
export const FREE_BUSY_DEADLINE_MS = 2_000;

/** Why a calendar could not be checked: it did not answer in time, it failed, or its connection needs a person. */
export type UncheckedCause = "slow" | "down" | "needs_attention";

export interface ConnectionCheck {
  connectionId: string;
  /** The connection as the admin knows it: the connector's name. */
  name: string;
  status: "checked" | "could_not_check";
  cause?: UncheckedCause;
  /** In words, after "Could not check <name>: ". */
  reason?: string;
  /** Busy intervals overlapping the time asked about. */
  conflicts: BusyInterval[];
  /** Calendars of a checked connection the provider could not answer for (a room it does not know). */
  unchecked: UncheckedCalendar[];
}

export interface FreeBusyReport {
  from: string;
  to: string;
  connections: ConnectionCheck[];
  /** Set when the check itself could not run (our database); the form says so and carries on. */
  problem?: string;
}

export interface CheckOptions {
  deadlineMs?: number;
  keyring?: Keyring;
}

type Range = { from: Date; to: Date };

// Providers may cut busy intervals to the window asked; asking a wider window lets
// the warning show a booking as it is (13:00–15:00), not just the part that overlaps.
const MARGIN_MS = 6 * 3600 * 1000;

export async function checkConflicts(db: Db, orgId: string, input: { from: Date; to: Date; excludeEventId?: string }, opts: CheckOptions = {}): Promise<FreeBusyReport> {
  const report: FreeBusyReport = { from: input.from.toISOString(), to: input.to.toISOString(), connections: [] };
  try {
    const own = input.excludeEventId ? await ownEntryTime(db, orgId, input.excludeEventId) : null;
    const askable = await askableConnections(db, orgId);
    report.connections = await Promise.all(askable.map(({ row, connector }) => checkOne(db, row, connector, input, own, opts)));
  } catch (err) {
    log.warn({ err, orgId }, "free/busy check could not run");
    report.problem = "Could not check the calendars for conflicts just now; saving is not affected.";
  }
  return report;
}

/** Connected (or flagged) connections of connectors with the capability; disabled and disconnected ones are not asked. */
async function askableConnections(db: Db, orgId: string): Promise<Array<{ row: ConnectionRow; connector: Connector }>> {
  const rows = await db
    .selectFrom("connections")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("status", "in", ["connected", "needs_attention"])
    .where("credentials_sealed", "is not", null)
    .orderBy("created_at")
    .execute();
  const out: Array<{ row: ConnectionRow; connector: Connector }> = [];
  for (const row of rows) {
    const connector = await loadConnector(row.connector_id);
    if (connector?.freeBusy) out.push({ row, connector });
  }
  return out;
}

/**
 * When an event is being edited, its own calendar entry sits at the time last
 * saved and must not count as a conflict with the event. Free/busy answers carry
 * no entry ids, so the entry is recognised by its interval: a busy interval
 * exactly equal to the saved start and end is taken to be the event's own (in any
 * calendar of the connection, so a room booked for the event by its entry counts
 * as the event's too). The range asked is widened to cover the saved time, since
 * a provider may cut busy intervals to the window asked and a cut entry would no
 * longer match. What this cannot tell apart: another booking at exactly the same
 * minutes (hidden), and the entry merged with an overlapping booking (shown,
 * which is a real overlap anyway). Drafts have no entry, so nothing is excluded.
 */
async function ownEntryTime(db: Db, orgId: string, eventId: string): Promise<Range | null> {
  const row = await db
    .selectFrom("events")
    .select(["starts_at", "ends_at", "status"])
    .where("org_id", "=", orgId)
    .where("id", "=", eventId)
    .executeTakeFirst();
  return row && row.status === "published" ? { from: new Date(row.starts_at), to: new Date(row.ends_at) } : null;
}

async function checkOne(db: Db, row: ConnectionRow, connector: Connector, range: Range, own: Range | null, opts: CheckOptions): Promise<ConnectionCheck> {
  const base = { connectionId: row.id, name: connector.name, conflicts: [], unchecked: [] };
  const unchecked = (cause: UncheckedCause, reason: string): ConnectionCheck => ({ ...base, status: "could_not_check", cause, reason });
  if (row.status === "needs_attention") {
    return unchecked("needs_attention", `the connection needs attention${row.status_reason ? ` (${row.status_reason})` : ""}; reconnect it under Settings → Integrations`);
  }
  const deadlineMs = opts.deadlineMs ?? FREE_BUSY_DEADLINE_MS;
  const signal = AbortSignal.timeout(deadlineMs);
  const asked = {
    from: new Date(Math.min(range.from.getTime() - MARGIN_MS, own?.from.getTime() ?? Infinity)).toISOString(),
    to: new Date(Math.max(range.to.getTime() + MARGIN_MS, own?.to.getTime() ?? -Infinity)).toISOString(),
  };
  const work = (async () => {
    // One attempt within the deadline: a person is waiting, and a retry would only be cut off.
    const ctx = await connectorContext(db, opts.keyring ?? appKeyring(), connector, row, { policy: { timeoutMs: deadlineMs, maxAttempts: 1 } });
    return connector.freeBusy!.busy(ctx, asked, signal);
  })();
  const outcome = await raceDeadline(work, signal);
  if (outcome.kind === "late") return unchecked("slow", `it did not answer within ${formatSeconds(deadlineMs)}`);
  if (outcome.kind === "failed") return failed(row, outcome.error, unchecked);
  const answer: FreeBusyAnswer = Array.isArray(outcome.value) ? { busy: outcome.value, unchecked: [] } : outcome.value;
  if (!Array.isArray(answer?.busy) || !Array.isArray(answer.unchecked)) return failed(row, new Error("the connector's free/busy answer is malformed"), unchecked);
  const conflicts = answer.busy.filter((b) => overlaps(b, range) && !isOwnEntry(b, own));
  return { ...base, status: "checked", conflicts: conflicts.sort((a, b) => a.start.localeCompare(b.start)), unchecked: answer.unchecked };
}

function failed(row: ConnectionRow, err: unknown, unchecked: (cause: UncheckedCause, reason: string) => ConnectionCheck): ConnectionCheck {
  if (err instanceof ProviderCallError) {
    if (err.failure.kind === "auth") return unchecked("needs_attention", `it refused the connection's access (${err.failure.message}); reconnect it under Settings → Integrations`);
    if (err.failure.kind === "rate_limited") return unchecked("down", `it is limiting how often it is asked just now (${err.failure.message}); it is asked again when the time changes`);
    return unchecked("down", `it answered with an error (${err.failure.message})`);
  }
  log.warn({ err, connectionId: row.id }, "free/busy check of a connection failed");
  return unchecked("down", "something went wrong while asking it");
}

function overlaps(b: BusyInterval, range: Range): boolean {
  return Date.parse(b.start) < range.to.getTime() && Date.parse(b.end) > range.from.getTime();
}

function isOwnEntry(b: BusyInterval, own: Range | null): boolean {
  return own !== null && Date.parse(b.start) === own.from.getTime() && Date.parse(b.end) === own.to.getTime();
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s} second${s === 1 ? "" : "s"}`;
}
