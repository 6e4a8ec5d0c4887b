// The token bucket every worker process shares, on a real database.
import { describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { ProviderCallError, type ConnectionInfo, type ProviderFailure } from "@/lib/integrations/contract";
import { createCall, type CallPolicyDeps } from "@/lib/integrations/policy";
import { takeToken } from "@/lib/net/token-bucket";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
const classify = (err: unknown): ProviderFailure => ({ kind: "transient", message: String(err) });
let n = 0;
const uniqueKey = (what: string) => `${what}:${++n}:${Math.random().toString(36).slice(2)}`;

async function makeConnection(): Promise<ConnectionInfo> {
  const row = await t.db
    .insertInto("connections")
    .values({ org_id: t.orgId, connector_id: `fake-${++n}`, status: "connected" })
    .returning(["id", "org_id", "connector_id"])
    .executeTakeFirstOrThrow();
  return { id: row.id, orgId: row.org_id, connectorId: row.connector_id, mode: "sandbox", externalAccountId: null, scopes: [], enabled: true };
}

async function rowsOf(connectionId: string) {
  return t.db.selectFrom("integration_calls").selectAll().where("connection_id", "=", connectionId).orderBy("id").execute();
}

describe("takeToken", () => {
  it("grants exactly the capacity to 50 concurrent takers on separate connections", async () => {
    // A pool of its own, so the takes really run on 25 connections at once.
    const wide = createDb(t.url, 25);
    try {
      const limit = { key: uniqueKey("slack:T1"), capacity: 10, refillPerSecond: 0 };
      const takes = await Promise.all(Array.from({ length: 50 }, () => takeToken(wide, limit)));
      expect(takes.filter((r) => r.granted)).toHaveLength(10);
      expect(takes.filter((r) => !r.granted).every((r) => !r.granted && r.waitMs === Number.POSITIVE_INFINITY)).toBe(true);
      const bucket = await t.db.selectFrom("rate_limit_buckets").selectAll().where("bucket_key", "=", limit.key).executeTakeFirstOrThrow();
      expect(bucket.tokens).toBe(0);
    } finally {
      await wide.destroy();
    }
  });

  it("refills with time, never above capacity, and says how long until the next token", async () => {
    const limit = { key: uniqueKey("sendgrid"), capacity: 2, refillPerSecond: 10 };
    expect(await takeToken(t.db, limit)).toEqual({ granted: true });
    expect(await takeToken(t.db, limit)).toEqual({ granted: true });
    const refused = await takeToken(t.db, limit);
    expect(refused.granted).toBe(false);
    const waitMs = refused.granted ? 0 : refused.waitMs;
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(100);

    await new Promise((r) => setTimeout(r, waitMs + 20));
    expect(await takeToken(t.db, limit)).toEqual({ granted: true });

    // A long idle period refills to capacity, not beyond. The three takes run at a
    // refill so slow (one token per 100 s) that however long a busy machine spreads
    // them, only the capped capacity can grant: 2 granted, never 3 (an hour at this
    // rate would be 36 tokens without the cap).
    const slow = { ...limit, refillPerSecond: 0.01 };
    await t.db.updateTable("rate_limit_buckets").set({ updated_at: new Date(Date.now() - 3600_000) }).where("bucket_key", "=", limit.key).execute();
    const granted = await Promise.all([1, 2, 3].map(() => takeToken(t.db, slow)));
    expect(granted.filter((g) => g.granted)).toHaveLength(2);
  });
});

describe("createCall with a rate limit", () => {
  function worker(connection: ConnectionInfo, rateLimit: CallPolicyDeps["rateLimit"], extra: Partial<CallPolicyDeps> = {}) {
    return createCall({ db: t.db, connection, classify, rateLimit, sleep: async () => {}, ...extra, options: { breakerThreshold: 1000, ...extra.options } });
  }

  it("shares one bucket between processes: capacity 5 lets 5 calls through and refuses the 6th without calling the provider", async () => {
    const connection = await makeConnection();
    const rateLimit = { key: uniqueKey("slack:T123"), capacity: 5, refillPerSecond: 0 };
    const a = worker(connection, rateLimit);
    const b = worker(connection, rateLimit);
    let invoked = 0;
    const send = async () => {
      invoked++;
      return "sent";
    };
    const results = await Promise.allSettled([a, b, a, b, a, b].map((call) => call("chat.postMessage", send)));

    expect(invoked).toBe(5);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ProviderCallError);
    expect(refused.reason.failure).toEqual({ kind: "rate_limited", message: `Rate limit ${rateLimit.key} reached: the bucket does not refill` });

    const rows = await rowsOf(connection.id);
    expect(rows.filter((r) => r.outcome === "success")).toHaveLength(5);
    expect(rows.filter((r) => r.outcome === "rejected")).toEqual([expect.objectContaining({ attempt: 1, http_status: null, latency_ms: 0 })]);
    // Our own limit is not the provider's fault: the connection shows no error and the breaker is untouched.
    const conn = await t.db.selectFrom("connections").select(["last_error", "status"]).where("id", "=", connection.id).executeTakeFirstOrThrow();
    expect(conn).toEqual({ last_error: null, status: "connected" });
  });

  it("waits for the next token when it comes within the attempt's timeout", async () => {
    const connection = await makeConnection();
    // One token every 50 ms; real sleeps, so the bucket really refills.
    const rateLimit = { key: uniqueKey("twilio"), capacity: 1, refillPerSecond: 20 };
    const call = createCall({ db: t.db, connection, classify, rateLimit, options: { timeoutMs: 2000 } });
    const started = performance.now();
    const done = await Promise.all([1, 2, 3].map((i) => call("send", async () => i)));
    expect(done).toEqual([1, 2, 3]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect((await rowsOf(connection.id)).map((r) => r.outcome)).toEqual(["success", "success", "success"]);
  });

  it("does not wait past the timeout: the attempt is refused with the wait as Retry-After, and retried after exactly that", async () => {
    const connection = await makeConnection();
    const rateLimit = { key: uniqueKey("google"), capacity: 1, refillPerSecond: 1 };
    const sleeps: number[] = [];
    const call = worker(connection, rateLimit, {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      options: { timeoutMs: 200, maxAttempts: 2 },
    });
    await call("first", async () => "ok");
    let invoked = 0;
    const err = await call("second", async () => ++invoked).catch((e: unknown) => e);
    expect(invoked).toBe(0);
    expect(err).toBeInstanceOf(ProviderCallError);
    const failure = (err as ProviderCallError).failure;
    expect(failure.kind).toBe("rate_limited");
    expect(failure.retryAfterMs).toBeGreaterThan(500);
    expect(failure.retryAfterMs).toBeLessThanOrEqual(1000);
    // One inline retry, after the bucket's own estimate (the fake sleep does not let it refill).
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(500);
    expect(sleeps[0]).toBeLessThanOrEqual(1000);
    expect((await rowsOf(connection.id)).map((r) => [r.operation, r.outcome, r.attempt])).toEqual([
      ["first", "success", 1],
      ["second", "rejected", 1],
      ["second", "rejected", 2],
    ]);
  });
});
