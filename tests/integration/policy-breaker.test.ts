// The circuit breaker per connection, shared by every process through Postgres:
// each createCall below stands for a separate worker process.
import { describe, expect, it } from "vitest";
import { ProviderCallError, type ConnectionInfo, type ProviderFailure } from "@/lib/integrations/contract";
import { breakerStatus, createCall, type CallPolicyDeps } from "@/lib/integrations/policy";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}
const classify = (err: unknown): ProviderFailure => {
  const status = err instanceof HttpError ? err.status : 0;
  if (status >= 500) return { kind: "transient", message: `HTTP ${status}`, status };
  if (status === 400) return { kind: "invalid", message: "HTTP 400", status };
  return { kind: "unknown", message: String(err) };
};

const HALF_OPEN = 60_000;
let n = 0;

async function makeConnection(connectorId = `fake-${++n}`): Promise<ConnectionInfo> {
  const row = await t.db
    .insertInto("connections")
    .values({ org_id: t.orgId, connector_id: connectorId, status: "connected" })
    .returning(["id", "org_id", "connector_id"])
    .executeTakeFirstOrThrow();
  return { id: row.id, orgId: row.org_id, connectorId: row.connector_id, mode: "sandbox", externalAccountId: null, scopes: [], enabled: true };
}

/** A manual clock shared by every "process", so half-open timing needs no real waiting. */
function clock(start = Date.parse("2030-01-01T00:00:00Z")) {
  const c = { now: start, advance: (ms: number) => (c.now += ms) };
  return c;
}

function processFor(connection: ConnectionInfo, time: { now: number }, options: CallPolicyDeps["options"] = {}) {
  return createCall({
    db: t.db,
    connection,
    classify,
    now: () => time.now,
    sleep: async () => {},
    options: { maxAttempts: 1, breakerThreshold: 3, halfOpenAfterMs: HALF_OPEN, ...options },
  });
}

const failing = (status = 500) => async (): Promise<never> => {
  throw new HttpError(status);
};

async function callError(p: Promise<unknown>): Promise<ProviderCallError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderCallError);
  return err as ProviderCallError;
}

async function rowsOf(connectionId: string) {
  return t.db.selectFrom("integration_calls").selectAll().where("connection_id", "=", connectionId).orderBy("id").execute();
}

async function breakerRow(connectionId: string) {
  return t.db.selectFrom("circuit_breakers").selectAll().where("connection_id", "=", connectionId).executeTakeFirst();
}

async function openBreaker(call: ReturnType<typeof processFor>, times = 3) {
  for (let i = 0; i < times; i++) await callError(call("send", failing()));
}

describe("circuit breaker", () => {
  it("opens after threshold failed calls, then refuses calls without touching the provider", async () => {
    const connection = await makeConnection("slack");
    const time = clock();
    const call = processFor(connection, time);
    expect(await breakerStatus(t.db, connection.id)).toEqual({ state: "closed", openedAt: null, trippedAt: null, reopensAt: null });

    await openBreaker(call, 2);
    expect((await breakerRow(connection.id))?.state).toBe("closed");
    await openBreaker(call, 1);

    const row = await breakerRow(connection.id);
    expect(row?.state).toBe("open");
    expect(row?.opened_at?.getTime()).toBe(time.now);
    expect(await breakerStatus(t.db, connection.id)).toEqual({
      state: "open",
      openedAt: new Date(time.now),
      trippedAt: new Date(time.now),
      reopensAt: new Date(time.now + HALF_OPEN),
    });

    let invoked = 0;
    const err = await callError(
      call("send", async () => {
        invoked++;
        return "ok";
      }),
    );
    expect(invoked).toBe(0);
    expect(err.failure).toEqual({
      kind: "transient",
      message: `Circuit open: slack has failed 3 times in a row; retrying after ${new Date(time.now + HALF_OPEN).toISOString()}`,
    });
    const rows = await rowsOf(connection.id);
    expect(rows.map((r) => r.outcome)).toEqual(["failure", "failure", "failure", "rejected"]);
    expect(rows[3]).toMatchObject({ attempt: 1, latency_ms: 0, error: err.failure.message });
  });

  it("counts calls, not attempts", async () => {
    const connection = await makeConnection();
    const call = processFor(connection, clock(), { maxAttempts: 3 });
    await openBreaker(call, 2);
    // Six failed attempts, two failed calls: below a threshold of three.
    expect(await rowsOf(connection.id)).toHaveLength(6);
    expect((await breakerRow(connection.id))?.state).toBe("closed");
    await expect(call("send", async () => "ok")).resolves.toBe("ok");
  });

  it("resets the count on a success, and ignores failures that prove the provider is up", async () => {
    const connection = await makeConnection();
    const call = processFor(connection, clock());
    await openBreaker(call, 2);
    await call("send", async () => "ok");
    await openBreaker(call, 2);
    // Invalid requests are the caller's problem, not the provider's health.
    for (let i = 0; i < 5; i++) await callError(call("send", failing(400)));
    expect((await breakerRow(connection.id))?.state).toBe("closed");
  });

  it("lets one test call through after halfOpenAfterMs: success closes the circuit", async () => {
    const connection = await makeConnection();
    const time = clock();
    const call = processFor(connection, time);
    await openBreaker(call);

    // A second's margin: cockatiel measures with the real clock, which moves a little during a call.
    time.advance(HALF_OPEN - 1000);
    await callError(call("send", async () => "too early"));

    time.advance(1001);
    await expect(call("send", async () => "probe ok")).resolves.toBe("probe ok");
    expect((await breakerRow(connection.id))?.state).toBe("closed");
    expect(await breakerStatus(t.db, connection.id)).toEqual({ state: "closed", openedAt: null, trippedAt: null, reopensAt: null });
    await expect(call("send", async () => "flowing")).resolves.toBe("flowing");
  });

  it("re-opens when the test call fails, for another halfOpenAfterMs, still counting from its first trip", async () => {
    const connection = await makeConnection("sendgrid");
    const time = clock();
    const call = processFor(connection, time);
    await openBreaker(call);
    const trippedAt = new Date(time.now);
    time.advance(HALF_OPEN + 1);

    await callError(call("send", failing()));
    const row = await breakerRow(connection.id);
    expect(row?.state).toBe("open");
    expect(row?.opened_at?.getTime()).toBe(time.now);
    // The Health page says how long calls have failed: from the first trip, not the last failed test.
    expect(await breakerStatus(t.db, connection.id)).toMatchObject({ state: "open", openedAt: new Date(time.now), trippedAt });

    const err = await callError(call("send", async () => "ok"));
    expect(err.failure.message).toBe(
      `Circuit open: sendgrid has failed 4 times in a row; retrying after ${new Date(time.now + HALF_OPEN).toISOString()}`,
    );
  });

  it("is shared: another process sees the circuit open, and sees it close", async () => {
    const connection = await makeConnection();
    const time = clock();
    const a = processFor(connection, time);
    const b = processFor(connection, time);
    await openBreaker(a);

    let invokedByB = 0;
    await callError(
      b("send", async () => {
        invokedByB++;
        return "ok";
      }),
    );
    expect(invokedByB).toBe(0);

    time.advance(HALF_OPEN + 1);
    await expect(a("send", async () => "probe ok")).resolves.toBe("probe ok");
    await expect(b("send", async () => "ok from b")).resolves.toBe("ok from b");
  });

  it("lets exactly one process run the test call while the others are refused", async () => {
    const connection = await makeConnection();
    const time = clock();
    const a = processFor(connection, time);
    const b = processFor(connection, time);
    await openBreaker(a);
    time.advance(HALF_OPEN + 1);

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let probeStarted!: () => void;
    const started = new Promise<void>((r) => (probeStarted = r));
    const probe = a("send", async () => {
      probeStarted();
      await gate;
      return "probe ok";
    });
    await started;
    expect((await breakerRow(connection.id))?.state).toBe("half_open");
    expect((await breakerStatus(t.db, connection.id)).state).toBe("half_open");

    let invokedByB = 0;
    const others = await Promise.allSettled(
      [a, b, b].map((c) =>
        c("send", async () => {
          invokedByB++;
          return "ok";
        }),
      ),
    );
    expect(invokedByB).toBe(0);
    expect(others.every((o) => o.status === "rejected" && o.reason instanceof ProviderCallError && o.reason.failure.message.startsWith("Circuit open:"))).toBe(
      true,
    );

    release();
    await expect(probe).resolves.toBe("probe ok");
    expect((await breakerRow(connection.id))?.state).toBe("closed");
  });

  it("takes over the test call from a process that died holding it", async () => {
    const connection = await makeConnection();
    const time = clock();
    // The longest one call can take with these options is 200 ms: that is the test call's lease.
    const options = { timeoutMs: 200, maxAttempts: 1 };
    const a = processFor(connection, time, options);
    await openBreaker(a);
    time.advance(HALF_OPEN + 1);
    // A process claims the test call and, by its clock, never comes back.
    const stuck = a("send", () => new Promise<never>(() => {})).catch((e: unknown) => e);
    await expectEventually(async () => (await breakerRow(connection.id))?.state === "half_open");

    const b = processFor(connection, time, options);
    let invoked = 0;
    await callError(b("send", async () => ++invoked));
    expect(invoked).toBe(0);
    time.advance(201);
    await expect(b("send", async () => "taken over")).resolves.toBe("taken over");
    expect((await breakerRow(connection.id))?.state).toBe("closed");
    // The stuck call times out in the end; its late failure counts once and does not re-open the circuit.
    expect(await stuck).toBeInstanceOf(ProviderCallError);
    expect((await breakerRow(connection.id))?.state).toBe("closed");
  });

  it("adds up failures that finish at the same time in different processes", async () => {
    const connection = await makeConnection();
    const time = clock();
    const processes = [processFor(connection, time, { breakerThreshold: 4 }), processFor(connection, time, { breakerThreshold: 4 })];
    // All four calls read the closed breaker before any of them fails.
    let arrived = 0;
    let release!: () => void;
    const together = new Promise<void>((r) => (release = r));
    const calls = [0, 1, 2, 3].map((i) =>
      processes[i % 2]!("send", async () => {
        if (++arrived === 4) release();
        await together;
        throw new HttpError(503);
      }).catch((e: unknown) => e),
    );
    const results = await Promise.all(calls);
    expect(results.every((e) => e instanceof ProviderCallError && e.failure.kind === "transient")).toBe(true);
    const row = await breakerRow(connection.id);
    expect(row?.state).toBe("open");
    expect((row?.snapshot as { breakerState: number }).breakerState).toBe(4);
  });
});

async function expectEventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition never held");
}
