// The limiters behind the named limits: rate-limiter-flexible's Postgres store on
// the rate_limits table (created by our migration), so every server process and
// worker counts in one place. Queries go through the app's own pool.
import { CompiledQuery } from "kysely";
import { RateLimiterMemory, RateLimiterPostgres } from "rate-limiter-flexible";
import type { Db } from "@/lib/db/client";
import { limitSpec, type LimitName } from "./limits";

/** The store speaks node-postgres' `query({ text, values })`; this answers it through kysely. */
function poolOf(db: Db) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const res = await db.executeQuery(CompiledQuery.raw(q.text, q.values ?? []));
      return { rows: res.rows, rowCount: res.numAffectedRows === undefined ? res.rows.length : Number(res.numAffectedRows) };
    },
  };
}

const cache = new WeakMap<Db, Map<LimitName, RateLimiterPostgres | null>>();

/** The limiter for one named limit on one database, or null when the limit is off. */
export function limiterFor(name: LimitName, db: Db): RateLimiterPostgres | null {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map()));
  if (!byName.has(name)) {
    const spec = limitSpec(name);
    byName.set(
      name,
      spec &&
        new RateLimiterPostgres({
          storeClient: poolOf(db),
          storeType: "pool",
          tableName: "rate_limits",
          tableCreated: true,
          keyPrefix: name,
          points: spec.points,
          duration: spec.durationSec,
          // While the database cannot be reached, each process counts on its own rather than refusing everyone.
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points: spec.points, duration: spec.durationSec }),
        }),
    );
  }
  return byName.get(name)!;
}
