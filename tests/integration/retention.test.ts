// Retention: the call log, delivery attempts, received callbacks, facts and
// Idempotency-Keys are pruned past their windows, in bounded batches, by the
// worker's cron task; younger rows, unfinished work and business rows stay.
import { sql, type RawBuilder } from "kysely";
import type { Runner } from "graphile-worker";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/service";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { startWorker } from "@/lib/jobs/runner";
import { callRows } from "@/lib/integrations/policy";
import { CRONTAB } from "@/lib/jobs/tasks";
import { enqueue } from "@/lib/queue/enqueue";
import { retentionWindows } from "@/lib/retention/config";
import { RETENTION_POLICIES } from "@/lib/retention/policies";
import { pruneExpiredRows, type PruneResult } from "@/lib/retention/prune";
import type { Db } from "@/lib/db/client";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { insertConnection } from "../helpers/connections";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { waitFor } from "../helpers/wait";

let t: TestDatabase;

beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const ago = (days: number) => sql`now() - make_interval(secs => ${days * 86_400})`;

async function insertCalls(db: Db, orgId: string, connectionId: string, ageDays: number, count: number) {
  await sql`insert into integration_calls (org_id, connection_id, connector_id, operation, outcome, latency_ms, attempt, created_at)
    select ${orgId}::uuid, ${connectionId}::uuid, 'slack', 'chat.postMessage', 'success', 40, 1, ${ago(ageDays)} from generate_series(1, ${count})`.execute(db);
}

async function insertFact(orgId: string, ageDays: number, opts: { dispatched?: boolean; deliveries?: string[] } = {}): Promise<string> {
  const { rows } = await sql<{ id: string }>`insert into domain_events (org_id, type, version, aggregate_type, aggregate_id, payload, occurred_at, dispatched_at)
    values (${orgId}::uuid, 'event.updated', 1, 'event', gen_random_uuid(), '{}', ${ago(ageDays)}, ${opts.dispatched === false ? null : ago(ageDays)})
    returning id`.execute(t.db);
  const id = rows[0]!.id;
  for (const [i, status] of (opts.deliveries ?? ["succeeded"]).entries()) {
    await sql`insert into subscriber_deliveries (org_id, domain_event_id, subscriber, status, created_at, updated_at)
      values (${orgId}::uuid, ${id}::uuid, ${`sub-${i}`}, ${status}, ${ago(ageDays)}, ${ago(ageDays)})`.execute(t.db);
  }
  await sql`insert into activity_log (org_id, domain_event_id, type, summary, received_at) values (${orgId}::uuid, ${id}::uuid, 'event.updated', 'Updated', ${ago(ageDays)})`.execute(t.db);
  return id;
}

async function insertEndpoint(orgId: string): Promise<string> {
  const row = await t.db
    .insertInto("webhook_endpoints")
    .values({ org_id: orgId, url: "https://hooks.example.test/in", event_types: ["event.updated"], secret_sealed: "fake-sealed-secret" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A message created `ageDays` ago with one attempt per entry of attemptAges. */
async function insertMessage(orgId: string, endpointId: string, ageDays: number, status: string, attemptAges: number[], factId: string | null = null): Promise<string> {
  const { rows } = await sql<{ id: string }>`insert into webhook_messages (org_id, endpoint_id, domain_event_id, msg_id, event_type, body, status, created_at)
    values (${orgId}::uuid, ${endpointId}::uuid, ${factId}::uuid, 'msg_' || gen_random_uuid(), 'event.updated', '{}', ${status}, ${ago(ageDays)})
    returning id`.execute(t.db);
  const id = rows[0]!.id;
  for (const a of attemptAges) {
    await sql`insert into webhook_attempts (org_id, message_id, endpoint_id, attempted_at, trigger, request_headers, response_status, duration_ms)
      values (${orgId}::uuid, ${id}::uuid, ${endpointId}::uuid, ${ago(a)}, 'scheduled', '{}', 200, 12)`.execute(t.db);
  }
  return id;
}

async function insertCallback(orgId: string, connectionId: string, ageDays: number, status: string, retryDue = false): Promise<string> {
  const { rows } = await sql<{ id: string }>`insert into webhook_events (provider, external_id, org_id, connection_id, type, payload, received_at, status, retry_at)
    values ('stripe', 'evt_' || gen_random_uuid(), ${orgId}::uuid, ${connectionId}::uuid, 'checkout.session.completed', '{}', ${ago(ageDays)}, ${status}, ${retryDue ? sql`now() + interval '1 minute'` : null})
    returning id`.execute(t.db);
  return rows[0]!.id;
}

async function insertIdempotencyKey(orgId: string, apiKeyId: string, ageHours: number): Promise<string> {
  const key = `key-${Math.random().toString(36).slice(2)}`;
  await sql`insert into api_idempotency_keys (api_key_id, idempotency_key, org_id, request_hash, created_at, locked_at)
    values (${apiKeyId}::uuid, ${key}, ${orgId}::uuid, 'hash', now() - make_interval(secs => ${ageHours * 3600}), now() - make_interval(secs => ${ageHours * 3600}))`.execute(t.db);
  return key;
}

const ids = async (table: "integration_calls" | "webhook_messages" | "webhook_events" | "domain_events" | "activity_log" | "subscriber_deliveries", orgId: string) =>
  (await t.db.selectFrom(table).select("id").where("org_id", "=", orgId).execute()).map((r) => String(r.id));

/** Every kept id is still there and no dropped one is (other rows, such as the fixtures' own facts, may be there too). */
function expectKeptAndDropped(remaining: string[], keep: string[] | undefined, drop: string[] | undefined) {
  expect(keep!.length).toBeGreaterThan(0);
  expect(drop!.length).toBeGreaterThan(0);
  for (const id of keep!) expect(remaining).toContain(id);
  for (const id of drop!) expect(remaining).not.toContain(id);
}

/** What one organization holds after the seed, and what pruning should leave. */
interface Seeded {
  orgId: string;
  keep: Record<string, string[]>;
  drop: Record<string, string[]>;
  deliveriesLeft: string[];
  keptKey: string;
  droppedKey: string;
  attendeeId: string;
  orderId: string;
  registrationFact: string;
}

async function seedOrg(name: string): Promise<Seeded> {
  const org = await makeOrg(t.db, name);
  const connection = await insertConnection(t.db, { orgId: org.id, connectorId: "slack" });
  const endpointId = await insertEndpoint(org.id);
  const { rows: keyRows } = await sql<{ id: string }>`insert into api_keys (org_id, name, prefix, key_hash) values (${org.id}::uuid, 'test', 'sk_test', ${`hash-${org.id}`}) returning id`.execute(t.db);
  const apiKeyId = keyRows[0]!.id;

  // Business rows, and the fact the registration wrote, aged past every window.
  const { event, ticketType } = await makePublishedEvent(t.db, org.id);
  const { order, attendees } = await registerFree(t.db, event.slug, { name: "Ana", email: "ana@example.test", ticketTypeId: ticketType.id, quantity: 1 });
  const registrationFact = (await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", order.id).executeTakeFirstOrThrow()).id;
  await sql`update domain_events set occurred_at = ${ago(400)}, dispatched_at = ${ago(400)} where id = ${registrationFact}::uuid`.execute(t.db);

  await insertCalls(t.db, org.id, connection.id, 31, 3);
  await insertCalls(t.db, org.id, connection.id, 29, 2);
  const [oldCalls, youngCalls] = [
    await t.db.selectFrom("integration_calls").select("id").where("org_id", "=", org.id).where("created_at", "<", new Date(Date.now() - 30 * 86_400_000)).execute(),
    await t.db.selectFrom("integration_calls").select("id").where("org_id", "=", org.id).where("created_at", ">", new Date(Date.now() - 30 * 86_400_000)).execute(),
  ];

  // A fact whose message is still retrying keeps the message and the fact.
  const factWithLiveMessage = await insertFact(org.id, 200);
  const messages = {
    drop: [
      await insertMessage(org.id, endpointId, 31, "succeeded", [31, 31]),
      await insertMessage(org.id, endpointId, 31, "failed", [31, 31, 31]),
    ],
    keep: [
      await insertMessage(org.id, endpointId, 29, "succeeded", [29]),
      await insertMessage(org.id, endpointId, 40, "retrying", [40, 39], factWithLiveMessage),
      // Resent yesterday: still on the Deliveries page.
      await insertMessage(org.id, endpointId, 40, "succeeded", [40, 1]),
    ],
  };

  const callbacks = {
    drop: [
      await insertCallback(org.id, connection.id, 91, "processed"),
      await insertCallback(org.id, connection.id, 91, "ignored"),
      await insertCallback(org.id, connection.id, 91, "failed"),
    ],
    keep: [
      await insertCallback(org.id, connection.id, 89, "processed"),
      await insertCallback(org.id, connection.id, 91, "received"),
      await insertCallback(org.id, connection.id, 91, "failed", true),
    ],
  };

  const young = await insertFact(org.id, 10);
  const undelivered = [await insertFact(org.id, 181, { deliveries: ["succeeded", "retrying"] }), await insertFact(org.id, 181, { deliveries: ["pending"] })];
  const facts = {
    drop: [registrationFact, await insertFact(org.id, 181), await insertFact(org.id, 181, { deliveries: ["succeeded", "skipped", "dead"] })],
    keep: [young, await insertFact(org.id, 179), await insertFact(org.id, 181, { dispatched: false, deliveries: [] }), ...undelivered, factWithLiveMessage],
  };
  // Deliveries finished more than 30 days ago go, whatever their fact; these stay.
  const deliveriesLeft = [`${young} succeeded`, `${undelivered[0]} retrying`, `${undelivered[1]} pending`];
  const { rows: notices } = await sql<{ id: string; age: number }>`insert into activity_log (org_id, domain_event_id, type, summary, received_at)
    values (${org.id}::uuid, null, 'webhook_endpoint.disabled', 'Disabled', ${ago(181)}), (${org.id}::uuid, null, 'webhook_endpoint.disabled', 'Disabled', ${ago(179)})
    returning id`.execute(t.db);

  return {
    orgId: org.id,
    keep: { calls: youngCalls.map((r) => String(r.id)), messages: messages.keep, callbacks: callbacks.keep, facts: facts.keep, notices: [notices[1]!.id] },
    drop: { calls: oldCalls.map((r) => String(r.id)), messages: messages.drop, callbacks: callbacks.drop, facts: facts.drop, notices: [notices[0]!.id] },
    deliveriesLeft,
    keptKey: await insertIdempotencyKey(org.id, apiKeyId, 23),
    droppedKey: await insertIdempotencyKey(org.id, apiKeyId, 25),
    attendeeId: attendees[0]!.id,
    orderId: order.id,
    registrationFact,
  };
}

const BUSINESS_TABLES = ["organizations", "events", "ticket_types", "orders", "attendees", "connections", "webhook_endpoints", "api_keys"] as const;

async function businessCounts() {
  const counts: Record<string, number> = {};
  for (const table of BUSINESS_TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db);
    counts[table] = rows[0]!.n;
  }
  return counts;
}

describe("one pruning run with the default windows", () => {
  let orgs: Seeded[];
  let before: Record<string, number>;
  let result: PruneResult;

  beforeAll(async () => {
    orgs = [await seedOrg("First"), await seedOrg("Second")];
    before = await businessCounts();
    result = await pruneExpiredRows(t.db);
  });

  it("finishes within its budget and counts what went", () => {
    expect(result.finished).toBe(true);
    expect(result.deleted).toEqual({
      "call log": 6,
      "subscriber deliveries": 14,
      "outbound messages": 4,
      "received callbacks": 6,
      facts: 6,
      "activity notices": 2,
      "idempotency keys": 2,
    });
  });

  it("deletes the call log past 30 days and keeps the younger rows, in every organization", async () => {
    for (const o of orgs) expect((await ids("integration_calls", o.orgId)).sort()).toEqual([...o.keep.calls!].sort());
    for (const o of orgs) expect(o.drop.calls).toHaveLength(3);
  });

  it("deletes finished messages, attempts first, 30 days after their last attempt; keeps retrying and recently resent ones", async () => {
    for (const o of orgs) {
      expectKeptAndDropped(await ids("webhook_messages", o.orgId), o.keep.messages, o.drop.messages);
      const attempts = await t.db.selectFrom("webhook_attempts").select("message_id").where("org_id", "=", o.orgId).execute();
      expect(new Set(attempts.map((a) => a.message_id))).toEqual(new Set(o.keep.messages));
      // Every attempt of a kept message stays with it, the old ones included.
      expect(attempts).toHaveLength(5);
    }
  });

  it("deletes settled callbacks past 90 days; keeps unprocessed ones and those with a retry due", async () => {
    for (const o of orgs) expectKeptAndDropped(await ids("webhook_events", o.orgId), o.keep.callbacks, o.drop.callbacks);
  });

  it("deletes subscriber deliveries finished more than 30 days ago; keeps pending and retrying ones", async () => {
    for (const o of orgs) {
      const left = await t.db.selectFrom("subscriber_deliveries").select(["domain_event_id", "status"]).where("org_id", "=", o.orgId).execute();
      expect(left.map((d) => `${d.domain_event_id} ${d.status}`).sort()).toEqual([...o.deliveriesLeft].sort());
    }
  });

  it("deletes facts past 180 days once their deliveries are gone, with their activity entries; keeps undispatched and undelivered ones", async () => {
    for (const o of orgs) {
      expectKeptAndDropped(await ids("domain_events", o.orgId), o.keep.facts, o.drop.facts);
      const activity = await t.db.selectFrom("activity_log").select(["id", "domain_event_id"]).where("org_id", "=", o.orgId).execute();
      expectKeptAndDropped(activity.map((a) => a.domain_event_id ?? ""), o.keep.facts, o.drop.facts);
      expectKeptAndDropped(activity.map((a) => a.id), o.keep.notices, o.drop.notices);
    }
  });

  it("deletes Idempotency-Keys past 24 hours", async () => {
    const keys = (await t.db.selectFrom("api_idempotency_keys").select("idempotency_key").execute()).map((r) => r.idempotency_key);
    for (const o of orgs) {
      expect(keys).toContain(o.keptKey);
      expect(keys).not.toContain(o.droppedKey);
    }
  });

  it("never touches business rows: the registration's order and attendee outlive its pruned fact", async () => {
    expect(await businessCounts()).toEqual(before);
    for (const o of orgs) {
      expect(await t.db.selectFrom("domain_events").select("id").where("id", "=", o.registrationFact).executeTakeFirst()).toBeUndefined();
      expect(await t.db.selectFrom("orders").select("id").where("id", "=", o.orderId).executeTakeFirst()).toBeDefined();
      expect(await t.db.selectFrom("attendees").select("id").where("id", "=", o.attendeeId).executeTakeFirst()).toBeDefined();
    }
  });

  it("finds nothing more to do on a second run", async () => {
    const again = await pruneExpiredRows(t.db);
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);
    expect(again.batches).toBe(RETENTION_POLICIES.length);
  });
});

describe("the foreign keys into pruned tables", () => {
  // Pruning deletes children first and relies on no cascade into anything else.
  // A new table pointing at one of these would be deleted along with it: decide
  // its retention here (or point at it without a foreign key) before adding it.
  it("come only from the pruned tables themselves", async () => {
    const { rows } = await sql<{ child: string; parent: string; action: string }>`
      select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent, c.confdeltype::text as action
      from pg_constraint c
      where c.contype = 'f' and c.confrelid::regclass::text in
        ('integration_calls', 'webhook_messages', 'webhook_attempts', 'webhook_events', 'domain_events', 'subscriber_deliveries', 'activity_log', 'api_idempotency_keys')
      order by 1, 2`.execute(t.db);
    expect(rows).toEqual([
      { child: "activity_log", parent: "domain_events", action: "c" },
      { child: "subscriber_deliveries", parent: "domain_events", action: "c" },
      { child: "webhook_attempts", parent: "webhook_messages", action: "c" },
      { child: "webhook_messages", parent: "domain_events", action: "c" },
    ]);
  });
});

describe("batches", () => {
  const callLogOnly = RETENTION_POLICIES.filter((p) => p.window === "callLogMs");

  it("loop until nothing past the window is left, each statement bounded by the batch size", async () => {
    const org = await makeOrg(t.db);
    const connection = await insertConnection(t.db, { orgId: org.id, connectorId: "slack" });
    await insertCalls(t.db, org.id, connection.id, 45, 25);
    await insertCalls(t.db, org.id, connection.id, 2, 3);
    const r = await pruneExpiredRows(t.db, { policies: callLogOnly, batchSize: 10 });
    expect(r).toEqual({ deleted: { "call log": 25 }, batches: 3, finished: true });
    expect(await ids("integration_calls", org.id)).toHaveLength(3);
  });

  it("stop at the time budget and leave the rest for the next run", async () => {
    const org = await makeOrg(t.db);
    const connection = await insertConnection(t.db, { orgId: org.id, connectorId: "slack" });
    await insertCalls(t.db, org.id, connection.id, 45, 5);
    const r = await pruneExpiredRows(t.db, { policies: callLogOnly, budgetMs: 0 });
    expect(r).toEqual({ deleted: { "call log": 0 }, batches: 0, finished: false });
    expect(await ids("integration_calls", org.id)).toHaveLength(5);
    expect((await pruneExpiredRows(t.db, { policies: callLogOnly })).deleted["call log"]).toBe(5);
  });
});

describe("the windows", () => {
  const names = ["RETENTION_CALL_LOG_DAYS", "RETENTION_DELIVERIES_DAYS", "RETENTION_RECEIVED_CALLBACKS_DAYS", "RETENTION_FACTS_DAYS"];
  afterEach(() => {
    for (const n of names) delete process.env[n];
  });

  it("default to 30, 30, 90 and 180 days and follow the environment", () => {
    const day = 86_400_000;
    expect(retentionWindows()).toMatchObject({ callLogMs: 30 * day, deliveriesMs: 30 * day, receivedCallbacksMs: 90 * day, factsMs: 180 * day, idempotencyKeysMs: 24 * 3_600_000 });
    process.env.RETENTION_FACTS_DAYS = "365";
    process.env.RETENTION_CALL_LOG_DAYS = "14";
    expect(retentionWindows()).toMatchObject({ factsMs: 365 * day, callLogMs: 14 * day });
  });

  it("refuse a window shorter than what is still needed, naming the variable", () => {
    process.env.RETENTION_RECEIVED_CALLBACKS_DAYS = "2";
    expect(() => retentionWindows()).toThrow(/RETENTION_RECEIVED_CALLBACKS_DAYS must be a whole number of days, at least 7: providers retry/);
    process.env.RETENTION_RECEIVED_CALLBACKS_DAYS = "90";
    process.env.RETENTION_CALL_LOG_DAYS = "thirty";
    expect(() => retentionWindows()).toThrow(/RETENTION_CALL_LOG_DAYS/);
  });
});

describe("the indexes", () => {
  // A steady state: rows spread evenly from now to a day past each window, so
  // pruning finds a thin slice to delete and the pages a thin slice to read.
  const orgIds: string[] = [];
  const connectionIds: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const org = await makeOrg(t.db, `Busy ${i}`);
      orgIds.push(org.id);
      connectionIds.push((await insertConnection(t.db, { orgId: org.id, connectorId: "slack" })).id);
    }
    const orgs = sql`(select ${sql.val(orgIds)}::uuid[] as o, ${sql.val(connectionIds)}::uuid[] as c) a`;
    await sql`insert into integration_calls (org_id, connection_id, connector_id, operation, outcome, latency_ms, attempt, created_at)
      select a.o[1 + i % 3], a.c[1 + i % 3], 'slack', 'chat.postMessage', case when i % 50 = 0 then 'failure' else 'success' end, 40, 1, now() - (i % 31) * interval '1 day' - (i % 1440) * interval '1 minute'
      from generate_series(1, 60000) i, ${orgs}`.execute(t.db);
    await sql`insert into domain_events (org_id, type, version, aggregate_type, aggregate_id, payload, occurred_at, dispatched_at)
      select a.o[1 + i % 3], case when i % 10 = 0 then 'registration.created' else 'event.updated' end, 1, 'event', gen_random_uuid(), '{}', now() - (i % 181) * interval '1 day', now() - (i % 181) * interval '1 day'
      from generate_series(1, 40000) i, ${orgs}`.execute(t.db);
    await sql`insert into subscriber_deliveries (org_id, domain_event_id, subscriber, status, created_at, updated_at)
      select e.org_id, e.id, 'activity-log', 'succeeded', e.occurred_at, e.occurred_at from domain_events e
      where e.org_id = any(${sql.val(orgIds)}::uuid[]) and e.occurred_at > now() - interval '31 days'`.execute(t.db);
    await sql`insert into webhook_events (provider, external_id, org_id, connection_id, type, payload, received_at, status)
      select 'stripe', 'evt_' || i, a.o[1 + i % 3], a.c[1 + i % 3], 'checkout.session.completed', '{}', now() - (i % 91) * interval '1 day', 'processed'
      from generate_series(1, 40000) i, ${orgs}`.execute(t.db);
    await sql`insert into activity_log (org_id, domain_event_id, type, summary, received_at)
      select e.org_id, e.id, e.type, 'Updated', e.occurred_at from domain_events e where e.org_id = any(${sql.val(orgIds)}::uuid[])`.execute(t.db);
    await sql`insert into activity_log (org_id, type, summary, received_at)
      select a.o[1 + i % 3], 'webhook_endpoint.disabled', 'Disabled', now() - (i % 181) * interval '1 day' from generate_series(1, 400) i, ${orgs}`.execute(t.db);
    const { id: apiKeyId } = await createApiKey(t.db, orgIds[0]!, null, { name: "busy" });
    await sql`insert into api_idempotency_keys (api_key_id, idempotency_key, org_id, request_hash, created_at, locked_at)
      select ${apiKeyId}::uuid, 'bulk-' || i, ${orgIds[0]}::uuid, 'hash', now() - (i % 25) * interval '1 hour', now() - (i % 25) * interval '1 hour'
      from generate_series(1, 20000) i`.execute(t.db);
    const endpointIds = await Promise.all(orgIds.map((o) => insertEndpoint(o)));
    await sql`insert into webhook_messages (org_id, endpoint_id, msg_id, event_type, body, status, created_at)
      select a.o[1 + i % 3], (${sql.val(endpointIds)}::uuid[])[1 + i % 3], 'msg_bulk_' || i, 'event.updated', '{}', 'succeeded', now() - (i % 31) * interval '1 day'
      from generate_series(1, 40000) i, ${orgs}`.execute(t.db);
    await sql`analyze`.execute(t.db);
  });

  /** The plan's index names, from EXPLAIN (not run). */
  async function indexesUsedBy(query: RawBuilder<unknown>): Promise<string[]> {
    const { rows } = await sql<{ "QUERY PLAN": unknown }>`explain (format json) ${query}`.execute(t.db);
    return [...JSON.stringify(rows[0]!["QUERY PLAN"]).matchAll(/"Index Name":"([^"]+)"/g)].map((m) => m[1]!);
  }

  it("serve every pruning statement", async () => {
    const windows = retentionWindows();
    const expected: Record<string, string> = {
      "call log": "integration_calls_created_idx",
      "subscriber deliveries": "subscriber_deliveries_finished_idx",
      "outbound messages": "webhook_messages_finished_idx",
      "received callbacks": "webhook_events_received_idx",
      facts: "domain_events_dispatched_idx",
      "activity notices": "activity_log_notices_idx",
      "idempotency keys": "api_idempotency_keys_created_idx",
    };
    for (const p of RETENTION_POLICIES) expect(await indexesUsedBy(p.statement(windows[p.window], 5_000)), p.name).toContain(expected[p.name]);
  });

  it("serve the Health page's call aggregates, which read by connection, with no index by organization left to pay for", async () => {
    for (const hours of [24, 168]) expect(await indexesUsedBy(callRows([connectionIds[0]!], hours))).toContain("integration_calls_connection_idx");
    const { rows } = await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'integration_calls'`.execute(t.db);
    expect(rows.map((r) => r.indexname)).not.toContain("integration_calls_org_created_idx");
  });

  it("serve the connector page's log filtered to its errors", async () => {
    const used = await indexesUsedBy(sql`
      select id, operation, outcome, http_status, error, created_at from integration_calls
      where connection_id = ${connectionIds[0]}::uuid and outcome = 'failure'
      order by created_at desc, id desc limit 50`);
    expect(used).toContain("integration_calls_errors_idx");
  });

  it("serve a trigger's samples, the latest facts of one type", async () => {
    const used = await indexesUsedBy(sql`
      select type, payload, occurred_at from domain_events
      where org_id = ${orgIds[0]}::uuid and type = 'registration.created' order by occurred_at desc limit 3`);
    expect(used).toContain("domain_events_org_type_idx");
  });
});

describe("the worker", () => {
  let w: TestDatabase;
  let runner: Runner | undefined;
  afterAll(async () => {
    await runner?.stop();
    await w?.drop();
  });

  it("prunes on its hourly crontab, from its own task list", async () => {
    expect(CRONTAB).toMatch(/^\S+ \* \* \* \* prune_expired_rows$/m);
    w = await freshDatabase();
    const org = await makeOrg(w.db);
    const connection = await insertConnection(w.db, { orgId: org.id, connectorId: "slack" });
    await insertCalls(w.db, org.id, connection.id, 31, 4);
    await insertCalls(w.db, org.id, connection.id, 1, 1);
    runner = await startWorker({ connectionString: w.url, db: w.db, pollInterval: 100, concurrency: 1 });
    await enqueue(w.db, "prune_expired_rows", {});
    await waitFor(async () => (await w.db.selectFrom("integration_calls").select("id").execute()).length === 1, { what: "the worker to prune the old call log" });
  });
});
