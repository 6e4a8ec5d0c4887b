// Which event ids one measured run sent and what each answer said, so the rows in
// webhook_events can be checked against the answers afterwards.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";

interface Answers {
  /** 2xx answers that said the event was new (duplicate: false). */
  fresh: number;
  /** 2xx answers that said it had been received before (duplicate: true). */
  repeated: number;
  /** Answers other than 2xx. */
  refused: number;
  /** Answered only when redelivered after the timed run. */
  redelivered: boolean;
}

export class Ledger {
  private count = 0;
  private lastAcknowledged: string | null = null;
  private readonly ids = new Map<string, Answers>();
  duplicatesSent = 0;

  constructor(
    private readonly prefix: string,
    private readonly dupEvery: number,
  ) {}

  /**
   * The id the next request carries. A duplicate repeats an id that has already
   * been acknowledged, like Stripe retrying a delivery whose answer it missed;
   * repeating one still in flight would make "new or duplicate" a race the
   * check below could not judge.
   */
  nextId(): string {
    this.count++;
    if (this.count % this.dupEvery === 0 && this.lastAcknowledged) {
      this.duplicatesSent++;
      return this.lastAcknowledged;
    }
    const id = `${this.prefix}${this.count}`;
    this.ids.set(id, { fresh: 0, repeated: 0, refused: 0, redelivered: false });
    return id;
  }

  /**
   * Ids that never got an answer. autocannon ends a timed run by closing its
   * sockets, so the requests in flight then (one per connection), and any that
   * timed out, reached the server but not their answer back; Stripe would retry them.
   */
  unanswered(): string[] {
    return [...this.ids].filter(([, a]) => a.fresh + a.repeated + a.refused === 0).map(([id]) => id);
  }

  record(id: string, status: number, body: string, redelivery = false): void {
    const a = this.ids.get(id);
    if (!a) return;
    if (redelivery) a.redelivered = true;
    if (status < 200 || status > 299) {
      a.refused++;
      return;
    }
    let duplicate = false;
    try {
      duplicate = (JSON.parse(body) as { duplicate?: unknown }).duplicate === true;
    } catch {
      // An unreadable 2xx body counts as "new"; the check then reports the mismatch.
    }
    if (duplicate) a.repeated++;
    else a.fresh++;
    if (!redelivery) this.lastAcknowledged = id;
  }

  /** Compares the answers with what the database holds for this run's connection. */
  async verify(db: Db, connectionId: string): Promise<Verdict> {
    const rows = await db.selectFrom("webhook_events").select("external_id").where("connection_id", "=", connectionId).execute();
    const stored = new Set(rows.map((r) => r.external_id));
    const jobs = await sql<{ n: string }>`
      select count(*) as n from graphile_worker.jobs j
      join webhook_events w on j.key = 'webhook:' || w.id
      where w.connection_id = ${connectionId}`.execute(db);
    const jobCount = Number(jobs.rows[0]?.n ?? 0);

    let acknowledged = 0, freshAnswers = 0, repeatedAnswers = 0, redelivered = 0, storedBeforeRedelivery = 0, lost = 0, storedAfterRefusal = 0, neverAnswered = 0;
    for (const [id, a] of this.ids) {
      freshAnswers += a.fresh;
      repeatedAnswers += a.repeated;
      if (a.redelivered) {
        redelivered++;
        // Its cut-off first delivery was stored after all, so the retry was told "duplicate".
        if (a.fresh === 0 && a.repeated > 0) storedBeforeRedelivery++;
      }
      if (a.fresh + a.repeated > 0) {
        acknowledged++;
        if (!stored.has(id)) lost++;
      } else if (a.refused > 0) {
        if (stored.has(id)) storedAfterRefusal++;
      } else neverAnswered++;
    }
    const phantom = [...stored].filter((id) => !this.ids.has(id)).length;

    const problems: string[] = [];
    if (rows.length !== acknowledged) problems.push(`${rows.length} rows stored for ${acknowledged} distinct event ids answered 2xx`);
    if (lost) problems.push(`${lost} events answered 2xx are not stored`);
    if (phantom) problems.push(`${phantom} stored events were never sent in this run`);
    if (storedAfterRefusal) problems.push(`${storedAfterRefusal} events were stored although every answer was an error`);
    if (stored.size !== rows.length) problems.push(`${rows.length - stored.size} events are stored more than once`);
    if (neverAnswered) problems.push(`${neverAnswered} events got no answer even when redelivered`);
    // Each stored id is told "new" exactly once: by its first answered delivery, or
    // by none when that delivery was cut off and only the retry was answered.
    if (freshAnswers !== acknowledged - storedBeforeRedelivery) {
      problems.push(`${freshAnswers} answers said "new" for ${acknowledged - storedBeforeRedelivery} events first stored by an answered request`);
    }
    if (jobCount !== rows.length) problems.push(`${jobCount} process_webhook_event jobs for ${rows.length} stored events`);

    return { rows: rows.length, acknowledged, freshAnswers, repeatedAnswers, redelivered, storedBeforeRedelivery, jobs: jobCount, problems };
  }
}

export interface Verdict {
  rows: number;
  /** Distinct event ids that got at least one 2xx answer. */
  acknowledged: number;
  freshAnswers: number;
  /** 2xx answers saying "duplicate": the deliberate repeats, plus retries of cut-off deliveries that had been stored. */
  repeatedAnswers: number;
  /** Unanswered at the end of the timed run and delivered once more. */
  redelivered: number;
  storedBeforeRedelivery: number;
  jobs: number;
  problems: string[];
}
