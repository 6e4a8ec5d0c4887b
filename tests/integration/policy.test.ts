// The call policy on a real database: retries, Retry-After, timeouts, what is
// never retried, the call log and what it must never contain.
import { describe, expect, it } from "vitest";
import { ProviderCallError, type ConnectionInfo, type ProviderFailure } from "@/lib/integrations/contract";
import { callStats, createCall, recentCalls, type CallPolicyDeps } from "@/lib/integrations/policy";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();

class HttpError extends Error {
  constructor(
    readonly status: number,
    message = `HTTP ${status}`,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** What a connector's classifyError does, for a fake SDK that throws HttpError. */
function classify(err: unknown): ProviderFailure {
  if (!(err instanceof HttpError)) return { kind: "unknown", message: (err as Error).message };
  const base = { message: err.message, status: err.status };
  if (err.status === 429) return { ...base, kind: "rate_limited", ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  if (err.status >= 500) return { ...base, kind: "transient" };
  if (err.status === 401) return { ...base, kind: "auth" };
  if (err.status === 404) return { ...base, kind: "not_found" };
  return { ...base, kind: "invalid" };
}

let n = 0;
async function makeConnection(status: "connected" | "disabled" = "connected"): Promise<ConnectionInfo> {
  const row = await t.db
    .insertInto("connections")
    .values({ org_id: t.orgId, connector_id: `fake-${++n}`, status })
    .returning(["id", "org_id", "connector_id"])
    .executeTakeFirstOrThrow();
  return { id: row.id, orgId: row.org_id, connectorId: row.connector_id, mode: "sandbox", externalAccountId: null, scopes: [], enabled: true };
}

/** A policy whose sleeps are recorded instead of waited. */
async function setup(overrides: Partial<CallPolicyDeps> = {}) {
  const connection = await makeConnection();
  const sleeps: number[] = [];
  const call = createCall({
    db: t.db,
    connection,
    classify,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
    options: { breakerThreshold: 1000, ...overrides.options },
  });
  return { connection, call, sleeps };
}

/** A provider that answers with these failures in turn, then succeeds. */
function provider<T>(failures: unknown[], result: T) {
  const calls: AbortSignal[] = [];
  const fn = async (signal: AbortSignal) => {
    calls.push(signal);
    const next = failures.shift();
    if (next !== undefined) throw next;
    return result;
  };
  return { fn, calls };
}

async function rowsOf(connectionId: string) {
  return t.db.selectFrom("integration_calls").selectAll().where("connection_id", "=", connectionId).orderBy("id").execute();
}

async function callError(p: Promise<unknown>): Promise<ProviderCallError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderCallError);
  return err as ProviderCallError;
}

describe("createCall: retries", () => {
  it("retries 5xx with backoff and returns the one result, logging every attempt", async () => {
    const { connection, call, sleeps } = await setup({ options: { maxAttempts: 4, initialDelayMs: 200, maxDelayMs: 5000 } });
    const p = provider([new HttpError(500), new HttpError(502), new HttpError(503)], { ok: true });
    await expect(call("chat.postMessage", p.fn)).resolves.toEqual({ ok: true });

    expect(p.calls).toHaveLength(4);
    const rows = await rowsOf(connection.id);
    expect(rows.map((r) => [r.attempt, r.outcome, r.http_status])).toEqual([
      [1, "failure", 500],
      [2, "failure", 502],
      [3, "failure", 503],
      [4, "success", null],
    ]);
    expect(rows.every((r) => r.operation === "chat.postMessage" && r.connector_id === connection.connectorId && r.org_id === t.orgId)).toBe(true);
    expect(rows[3]!.error).toBeNull();
    expect(rows[0]!.error).toBe("HTTP 500");
    // Full jitter under an exponential cap: 200, 400, 800.
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(200 * 2 ** i);
    });
    const conn = await t.db.selectFrom("connections").selectAll().where("id", "=", connection.id).executeTakeFirstOrThrow();
    expect(conn.last_success_at).toBeInstanceOf(Date);
    expect(conn.last_error).toBeNull();
  });

  it("gives up after maxAttempts and throws the last failure", async () => {
    const { connection, call, sleeps } = await setup({ options: { maxAttempts: 3 } });
    const p = provider([new HttpError(500), new HttpError(500), new HttpError(503, "Service Unavailable")], "never");
    const err = await callError(call("send", p.fn));
    expect(err.operation).toBe("send");
    expect(err.failure).toEqual({ kind: "transient", message: "Service Unavailable", status: 503 });
    expect(err.message).toBe("send: Service Unavailable");
    expect(err.cause).toBeInstanceOf(HttpError);
    expect(p.calls).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect((await rowsOf(connection.id)).map((r) => r.attempt)).toEqual([1, 2, 3]);
    const conn = await t.db.selectFrom("connections").selectAll().where("id", "=", connection.id).executeTakeFirstOrThrow();
    expect(conn.last_error).toBe("Service Unavailable");
    expect(conn.last_error_at).toBeInstanceOf(Date);
    expect(conn.last_success_at).toBeNull();
    expect(conn.status).toBe("connected");
  });

  it("waits exactly the provider's Retry-After instead of the backoff", async () => {
    const { connection, call, sleeps } = await setup();
    const p = provider([new HttpError(429, "Too Many Requests", 1500)], "sent");
    await expect(call("send", p.fn)).resolves.toBe("sent");
    expect(sleeps).toEqual([1500]);
    expect((await rowsOf(connection.id)).map((r) => [r.outcome, r.http_status])).toEqual([
      ["failure", 429],
      ["success", null],
    ]);
  });

  it("does not sleep on a Retry-After longer than maxInlineRetryAfterMs: the failure carries it for the job", async () => {
    const { connection, call, sleeps } = await setup({ options: { maxInlineRetryAfterMs: 30_000 } });
    const p = provider([new HttpError(429, "Too Many Requests", 45_000)], "sent");
    const err = await callError(call("send", p.fn));
    expect(err.failure).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 45_000 });
    expect(p.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(await rowsOf(connection.id)).toHaveLength(1);
  });

  it.each([
    ["invalid", new HttpError(400, "channel_not_found in request")],
    ["not_found", new HttpError(404)],
    ["unknown", new Error("something odd")],
  ])("never retries %s failures", async (kind, error) => {
    const { connection, call, sleeps } = await setup();
    const p = provider([error], "never");
    const err = await callError(call("send", p.fn));
    expect(err.failure.kind).toBe(kind);
    expect(p.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(await rowsOf(connection.id)).toHaveLength(1);
    const conn = await t.db.selectFrom("connections").select(["status", "last_error"]).where("id", "=", connection.id).executeTakeFirstOrThrow();
    expect(conn).toEqual({ status: "connected", last_error: error.message });
  });

  it("never retries an auth failure, and flags the connection for attention", async () => {
    const { connection, call } = await setup();
    const p = provider([new HttpError(401, "invalid_auth: token revoked")], "never");
    const err = await callError(call("auth.test", p.fn));
    expect(err.failure).toEqual({ kind: "auth", status: 401, message: "invalid_auth: token revoked" });
    expect(p.calls).toHaveLength(1);
    expect(await rowsOf(connection.id)).toHaveLength(1);
    const conn = await t.db.selectFrom("connections").selectAll().where("id", "=", connection.id).executeTakeFirstOrThrow();
    expect(conn.status).toBe("needs_attention");
    expect(conn.status_reason).toBe("invalid_auth: token revoked");
  });

  it("leaves a disabled connection's status alone on an auth failure", async () => {
    const connection = await makeConnection("disabled");
    const call = createCall({ db: t.db, connection, classify, sleep: async () => {} });
    await callError(call("auth.test", provider([new HttpError(401)], "never").fn));
    const conn = await t.db.selectFrom("connections").selectAll().where("id", "=", connection.id).executeTakeFirstOrThrow();
    expect(conn.status).toBe("disabled");
    expect(conn.status_reason).toBeNull();
  });

  it("treats socket errors as transient even when the connector does not recognise them", async () => {
    const { connection, call } = await setup({ classify: (err) => ({ kind: "invalid", message: (err as Error).message }) });
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const fetchFailed = new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    const p = provider([reset, fetchFailed], "ok");
    await expect(call("send", p.fn)).resolves.toBe("ok");
    const rows = await rowsOf(connection.id);
    expect(rows.map((r) => r.error)).toEqual(["Network error ECONNRESET: read ECONNRESET", "Network error UND_ERR_SOCKET: fetch failed", null]);
  });

  it("survives a connector whose classifier throws", async () => {
    const { call } = await setup({
      classify: () => {
        throw new Error("bug in classifier");
      },
    });
    const err = await callError(call("send", provider([new Error("boom")], "never").fn));
    expect(err.failure).toEqual({ kind: "unknown", message: "boom" });
  });
});

describe("createCall: timeouts", () => {
  it("aborts an attempt after timeoutMs, counts it as transient and retries it", async () => {
    const { connection, call } = await setup({ options: { timeoutMs: 50, maxAttempts: 2 } });
    const signals: AbortSignal[] = [];
    const hang = (signal: AbortSignal) =>
      new Promise<never>((_, reject) => {
        signals.push(signal);
        signal.addEventListener("abort", () => reject(new Error("aborted by signal")));
      });
    const started = performance.now();
    const err = await callError(call("slow", hang));
    const elapsed = performance.now() - started;

    expect(err.failure).toEqual({ kind: "transient", message: "Timed out after 50 ms" });
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(2000);
    const rows = await rowsOf(connection.id);
    expect(rows.map((r) => [r.attempt, r.outcome, r.error])).toEqual([
      [1, "failure", "Timed out after 50 ms"],
      [2, "failure", "Timed out after 50 ms"],
    ]);
    for (const r of rows) expect(r.latency_ms).toBeGreaterThanOrEqual(45);
  });

  it("passes a live signal to a call that finishes in time", async () => {
    const { call } = await setup({ options: { timeoutMs: 1000 } });
    let seen: boolean | undefined;
    await call("fast", async (signal) => {
      seen = signal.aborted;
      return 1;
    });
    expect(seen).toBe(false);
  });
});

describe("createCall: what is logged", () => {
  it("redacts tokens, keys and the connection's own secrets from every stored and thrown error", async () => {
    const secret = "my-api-key-4f9a8b7c";
    const { connection, call } = await setup({ secrets: [secret], options: { maxAttempts: 1 } });
    const message =
      `invalid_auth for xoxb-123-456-abc (sent Authorization: Bearer eyJhbGciOi.payload.sig, key ${secret}), ` +
      "SendGrid SG.abcDEF123.ghiJKL456 Google ya29.a0AfH6SMB and 1//0gLrefreshToken123 Stripe sk_test_51Habc rk_live_9xyz " +
      "body client_secret=shh123&password=hunter2";
    const err = await callError(call("send", provider([new HttpError(401, message)], "never").fn));

    const [row] = await rowsOf(connection.id);
    const conn = await t.db.selectFrom("connections").selectAll().where("id", "=", connection.id).executeTakeFirstOrThrow();
    for (const text of [row!.error!, conn.last_error!, conn.status_reason!, err.failure.message, err.message]) {
      for (const leaked of [
        "xoxb-123-456-abc",
        secret,
        "eyJhbGciOi",
        "SG.abcDEF123",
        "ya29.a0AfH6SMB",
        "1//0gLrefreshToken123",
        "sk_test_51Habc",
        "rk_live_9xyz",
        "shh123",
        "hunter2",
      ]) {
        expect(text).not.toContain(leaked);
      }
      expect(text).toContain("invalid_auth for [redacted]");
      expect(text).toContain("client_secret=[redacted]&password=[redacted]");
    }
  });

  it("caps a huge error at 1000 characters", async () => {
    const { connection, call } = await setup({ options: { maxAttempts: 1 } });
    await callError(call("send", provider([new HttpError(400, "<html>" + "x".repeat(50_000))], "never").fn));
    const [row] = await rowsOf(connection.id);
    expect(row!.error!.length).toBe(1000);
    expect(row!.error!.startsWith("<html>xxx")).toBe(true);
  });

  it("records latency, and the stats and recent calls the health page shows", async () => {
    const { connection, call } = await setup({ options: { maxAttempts: 1 } });
    await call("slowish", () => new Promise((r) => setTimeout(() => r("done"), 30)));
    await callError(call("send", provider([new HttpError(500)], "never").fn));
    const [ok] = await rowsOf(connection.id);
    expect(ok!.latency_ms).toBeGreaterThanOrEqual(25);

    // Known latencies, so the percentiles are checkable.
    await t.db
      .insertInto("integration_calls")
      .values(
        Array.from({ length: 98 }, (_, i) => ({
          org_id: t.orgId,
          connection_id: connection.id,
          connector_id: connection.connectorId,
          operation: "bulk",
          outcome: "success" as const,
          latency_ms: i + 1,
          attempt: 1,
        })),
      )
      .execute();
    await t.db
      .insertInto("integration_calls")
      .values({ org_id: t.orgId, connection_id: connection.id, connector_id: connection.connectorId, operation: "old", outcome: "failure", latency_ms: 5, attempt: 1, created_at: new Date(Date.now() - 48 * 3600_000) })
      .execute();
    const stats = await callStats(t.db, connection.id);
    expect(stats.calls).toBe(100);
    expect(stats.failures).toBe(1);
    expect(stats.rejected).toBe(0);
    expect(stats.errorRate).toBeCloseTo(0.01);
    expect(stats.p50Ms).toBeGreaterThan(40);
    expect(stats.p50Ms).toBeLessThan(60);
    expect(stats.p95Ms).toBeGreaterThan(90);
    expect((await callStats(t.db, connection.id, 72)).calls).toBe(101);

    const recent = await recentCalls(t.db, connection.id, 5);
    expect(recent).toHaveLength(5);
    expect(recent[0]!.created_at.getTime()).toBeGreaterThanOrEqual(recent[4]!.created_at.getTime());
    expect((await recentCalls(t.db, connection.id)).length).toBe(50);
    expect(await callStats(t.db, (await makeConnection()).id)).toEqual({ calls: 0, failures: 0, rejected: 0, errorRate: 0, p50Ms: null, p95Ms: null });
  });
});

describe("createCall: full jitter", () => {
  it("draws every delay from [0, cap) of an exponential cap, and not the same every time", async () => {
    const { call, sleeps } = await setup({ options: { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 300 } });
    const caps = [100, 200, 300];
    const runs: number[][] = [];
    for (let i = 0; i < 12; i++) {
      sleeps.length = 0;
      await callError(call("send", provider([new HttpError(500), new HttpError(500), new HttpError(500), new HttpError(500)], "never").fn));
      expect(sleeps).toHaveLength(3);
      sleeps.forEach((ms, k) => {
        expect(Number.isInteger(ms)).toBe(true);
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(caps[k]!);
      });
      runs.push([...sleeps]);
    }
    expect(new Set(runs.map((r) => r[0])).size).toBeGreaterThan(1);
    expect(new Set(runs.map((r) => r.join(","))).size).toBeGreaterThan(1);
  });
});
