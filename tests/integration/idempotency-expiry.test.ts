// Idempotency-Key rows that outlive their request: a key left in progress by a
// request that crashed is taken over by a retry once it is older than the bound
// (a duplicate within the bound is still told 409), and the worker's cleanup
// deletes keys past their retention while keeping fresh ones.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/service";
import type { ApiContext } from "@/lib/http/api-auth";
import { CRONTAB, makeTaskList } from "@/lib/jobs/tasks";
import { retentionWindows } from "@/lib/retention/config";
import { RETENTION_POLICIES } from "@/lib/retention/policies";
import { pruneExpiredRows } from "@/lib/retention/prune";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

let t: TestDatabase;
let api: ApiContext;
let idempotent: typeof import("@/lib/http/idempotency").idempotent;
let requestHash: typeof import("@/lib/http/idempotency").requestHash;

beforeAll(async () => {
  t = await freshDatabase();
  // idempotent() uses the process-wide pool, which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = t.url;
  process.env.IDEMPOTENCY_LOCK_TIMEOUT_MS = "60000";
  ({ idempotent, requestHash } = await import("@/lib/http/idempotency"));
  const org = await makeOrg(t.db);
  const { id } = await createApiKey(t.db, org.id, null, { name: "test" });
  api = { apiKeyId: id, orgId: org.id };
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
  delete process.env.IDEMPOTENCY_LOCK_TIMEOUT_MS;
});

const PATH = "/api/v1/events";
const BODY = JSON.stringify({ title: "Launch" });
function request(key: string, body = BODY): Request {
  return new Request(`http://localhost${PATH}`, { method: "POST", headers: { "idempotency-key": key, "content-type": "application/json" }, body });
}
const created = (n: number) => async () => Response.json({ id: `evt_${n}` }, { status: 201 });

/** A key row as a request that crashed after taking it leaves it: no response, taken `agoMs` ago. */
async function abandoned(key: string, agoMs: number) {
  await t.db
    .insertInto("api_idempotency_keys")
    .values({ api_key_id: api.apiKeyId, idempotency_key: key, org_id: api.orgId, request_hash: requestHash("POST", PATH, BODY) })
    .execute();
  await sql`update api_idempotency_keys set created_at = now() - make_interval(secs => ${agoMs / 1000}), locked_at = now() - make_interval(secs => ${agoMs / 1000})
    where idempotency_key = ${key}`.execute(t.db);
}

describe("an Idempotency-Key whose request never finished", () => {
  it("is taken over by a retry once it has been in progress longer than the bound", async () => {
    const key = randomUUID();
    await abandoned(key, 61_000);
    let ran = 0;
    const res = await idempotent(request(key), api, BODY, async () => {
      ran++;
      return created(1)();
    });
    expect(res.status).toBe(201);
    expect(ran).toBe(1);
    // And it is an answered key like any other now: a repeat replays it.
    const again = await idempotent(request(key), api, BODY, created(2));
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual({ id: "evt_1" });
  });

  it("still answers 409 to a duplicate within the bound, and 422 to another body after it", async () => {
    const young = randomUUID();
    await abandoned(young, 5_000);
    const res = await idempotent(request(young), api, BODY, created(3));
    expect(res.status).toBe(409);
    expect(res.headers.get("retry-after")).toBe("1");

    const old = randomUUID();
    await abandoned(old, 120_000);
    const other = JSON.stringify({ title: "Something else" });
    expect((await idempotent(request(old, other), api, other, created(4))).status).toBe(422);
  });

  it("answers 409 to a concurrent duplicate of a live request, and the first answer is the one kept", async () => {
    const key = randomUUID();
    let finish!: () => void;
    const held = new Promise<void>((r) => (finish = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const first = idempotent(request(key), api, BODY, async () => {
      started();
      await held;
      return created(5)();
    });
    await running;
    expect((await idempotent(request(key), api, BODY, created(6))).status).toBe(409);
    finish();
    expect((await first).status).toBe(201);
    expect(await (await idempotent(request(key), api, BODY, created(7))).json()).toEqual({ id: "evt_5" });
  });

  it("keeps the taker's answer when the slow original finishes after being taken over", async () => {
    const key = randomUUID();
    let finish!: () => void;
    const held = new Promise<void>((r) => (finish = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const slow = idempotent(request(key), api, BODY, async () => {
      started();
      await held;
      return created(8)();
    });
    await running;
    // The original has been running past the bound: a retry takes the key over.
    await sql`update api_idempotency_keys set locked_at = now() - interval '2 minutes' where idempotency_key = ${key}`.execute(t.db);
    expect((await idempotent(request(key), api, BODY, created(9))).status).toBe(201);
    finish();
    expect((await slow).status).toBe(201);
    expect(await (await idempotent(request(key), api, BODY, created(10))).json()).toEqual({ id: "evt_9" });
  });
});

describe("idempotency key retention", () => {
  it("deletes keys older than the retention and keeps fresh ones, on the worker's schedule", async () => {
    const old = [randomUUID(), randomUUID()];
    const fresh = randomUUID();
    for (const k of old) await abandoned(k, 25 * 3_600_000);
    await abandoned(fresh, 23 * 3_600_000);
    await sql`update api_idempotency_keys set response_status = 201, response_body = '{}' where idempotency_key = ${old[0]!}`.execute(t.db);

    const policies = RETENTION_POLICIES.filter((p) => p.window === "idempotencyKeysMs");
    const { deleted } = await pruneExpiredRows(t.db, { policies, windows: { ...retentionWindows(), idempotencyKeysMs: 24 * 3_600_000 } });
    expect(deleted["idempotency keys"]).toBeGreaterThanOrEqual(2);
    const left = (await t.db.selectFrom("api_idempotency_keys").select("idempotency_key").execute()).map((r) => r.idempotency_key);
    expect(left).toContain(fresh);
    for (const k of old) expect(left).not.toContain(k);

    // The worker runs it on its crontab, with the other tables' pruning.
    expect(CRONTAB).toMatch(new RegExp(`^\\S+ \\S+ \\S+ \\S+ \\S+ prune_expired_rows$`, "m"));
    expect(Object.keys(makeTaskList({ db: t.db, sources: [], maxAttempts: 1 }))).toContain("prune_expired_rows");
  });
});
