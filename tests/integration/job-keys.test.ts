// A job key built in SQL (to enqueue or find many jobs in one statement) is the
// very key built in TypeScript for one job: otherwise the sweeper would re-arm work
// that has a job, and a re-plan would add a second reminder beside the first.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { jobKeys, queueNames } from "@/lib/queue/job-keys";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
const ID = "0b6a3f9e-3c1d-4c59-9a51-7d1e2f3a4b5c";

describe("job keys", () => {
  it("are the same built in SQL from a uuid and a number column as built in TypeScript", async () => {
    const shapes = { ...jobKeys, dispatchQueue: queueNames.dispatch, broadcastQueue: queueNames.broadcast };
    for (const [name, shape] of Object.entries(shapes)) {
      const { rows } = await sql<{ key: string }>`select ${shape.sql(sql`${ID}::uuid`, sql`${60}::int`)} as key`.execute(t.db);
      expect([name, rows[0]!.key]).toEqual([name, shape.of(ID, 60)]);
    }
  });

  it("keep each kind apart and spell the ids in order", () => {
    expect(jobKeys.reminder.of(ID, 1440)).toBe(`reminder:${ID}:1440`);
    expect(jobKeys.dispatch.of(ID)).toBe(`dispatch:${ID}`);
    const prefixes = Object.values(jobKeys).map((k) => k.of("x").split(":")[0]);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it("find every attempt of one outbound message with a LIKE pattern, and no other message's", async () => {
    const other = "1c7b4a0f-4d2e-4d6a-8b62-8e2f3a4b5c6d";
    const keys = [jobKeys.outboundAttempt.of(ID, 1), jobKeys.outboundAttempt.of(ID, "replay", "2026-12-01T00:00:00.000Z"), jobKeys.outboundAttempt.of(other, 1)];
    const { rows } = await sql<{ k: string }>`select k from unnest(${keys}::text[]) as k where k like ${jobKeys.outboundAttempt.sql(sql`${ID}::uuid`, sql.lit("%"))}`.execute(t.db);
    expect(rows.map((r) => r.k)).toEqual(keys.slice(0, 2));
  });
});
