// What the worker's sweep calls stuck, exactly: unfinished work (a message pending
// or retrying, a delivery pending or retrying, a fact not dispatched) with no job
// that can still run. Work with a waiting or running job, and finished work, is
// left alone; a second sweep finds nothing; a re-armed job reuses the work's key.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { sweepStuckWork } from "@/lib/jobs/sweeper";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { makePublishedEvent } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();

type Job = "waiting" | "running-last-attempt" | "spent" | "none";

async function message(endpointId: string, status: "pending" | "retrying" | "succeeded" | "failed", job: Job, attempts = 1) {
  const id = randomUUID();
  await t.db.insertInto("webhook_messages").values({ id, org_id: t.orgId, endpoint_id: endpointId, msg_id: `msg_${id}`, event_type: "event.published", body: "{}", status, attempts }).execute();
  if (job !== "none") await jobFor(`outbound:${id}:${attempts + 1}`, "deliver_webhook_message", { messageId: id, attempt: attempts + 1, trigger: "scheduled", deferrals: 0 }, job);
  return id;
}

async function jobFor(key: string, task: string, payload: object, job: Exclude<Job, "none">) {
  await sql`select graphile_worker.add_job(${task}, ${JSON.stringify(payload)}::json, max_attempts := 3, job_key := ${key}, run_at := now() + interval '1 hour')`.execute(t.db);
  if (job === "spent") await sql`update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'connection refused' where key = ${key}`.execute(t.db);
  if (job === "running-last-attempt") await sql`update graphile_worker._private_jobs set attempts = max_attempts, locked_at = now(), locked_by = 'pool-elsewhere' where key = ${key}`.execute(t.db);
}

const liveJobs = async (prefix: string) =>
  (await sql<{ key: string }>`select key from graphile_worker.jobs where key like ${prefix + "%"} and attempts < max_attempts and locked_at is null order by key`.execute(t.db)).rows.map((r) => r.key);

describe("the sweep for work without a job", () => {
  it("re-arms exactly the unfinished work whose job is spent or gone, once", async () => {
    const { endpoint } = await insertEndpoint(t.db, { orgId: t.orgId, url: "https://hooks.example.test/in", eventTypes: ["event.published"], source: "admin" });
    const stuck = [await message(endpoint.id, "pending", "none", 0), await message(endpoint.id, "retrying", "spent", 2), await message(endpoint.id, "retrying", "none", 3)];
    const fine = [
      await message(endpoint.id, "retrying", "waiting"),
      await message(endpoint.id, "pending", "running-last-attempt"),
      await message(endpoint.id, "succeeded", "none"),
      await message(endpoint.id, "failed", "spent"),
    ];

    // A fact with its dispatch job waiting, and deliveries of it in every state.
    const { event } = await makePublishedEvent(t.db, t.orgId);
    const fact = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", event.id).where("type", "=", "event.published").executeTakeFirstOrThrow();
    const delivery = async (subscriber: string, status: "pending" | "retrying" | "succeeded" | "dead", job: Job) => {
      const row = await t.db.insertInto("subscriber_deliveries").values({ org_id: t.orgId, domain_event_id: fact.id, subscriber, status }).returning("id").executeTakeFirstOrThrow();
      if (job !== "none") await jobFor(`deliver:${row.id}`, "deliver_to_subscriber", { deliveryId: row.id }, job);
      return row.id;
    };
    const stuckDeliveries = [await delivery("lost", "pending", "none"), await delivery("spent", "retrying", "spent")];
    await delivery("waiting", "retrying", "waiting");
    await delivery("running", "pending", "running-last-attempt");
    await delivery("done", "succeeded", "none");
    await delivery("given-up", "dead", "spent");
    // A fact whose dispatch job was lost.
    const { event: other } = await makePublishedEvent(t.db, t.orgId);
    const lostFacts = (await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", other.id).execute()).map((r) => r.id);
    await sql`delete from graphile_worker._private_jobs where key = any(${lostFacts.map((id) => `dispatch:${id}`)}::text[])`.execute(t.db);
    const dispatchesBefore = await liveJobs("dispatch:");

    const first = await sweepStuckWork(t.db, { maxAttempts: 5 });
    expect(first).toEqual({ messages: stuck.length, deliveries: stuckDeliveries.length, dispatches: lostFacts.length });

    // Each stuck message has its next attempt, under that attempt's key, with fresh retries.
    const armed = await liveJobs("outbound:");
    expect(armed).toEqual(
      [`outbound:${stuck[0]}:1`, `outbound:${stuck[1]}:3`, `outbound:${stuck[2]}:4`, `outbound:${fine[0]}:2`].sort(),
    );
    expect(await liveJobs("deliver:")).toEqual(expect.arrayContaining(stuckDeliveries.map((id) => `deliver:${id}`)));
    const { rows: spent } = await sql<{ attempts: number; max_attempts: number }>`select attempts, max_attempts from graphile_worker.jobs where key = ${`deliver:${stuckDeliveries[1]}`}`.execute(t.db);
    expect(spent).toEqual([{ attempts: 0, max_attempts: 5 }]);
    expect((await liveJobs("dispatch:")).sort()).toEqual([...dispatchesBefore, ...lostFacts.map((id) => `dispatch:${id}`)].sort());

    // Idempotent: nothing is stuck any more, and no job was doubled.
    const jobs = async () => (await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(t.db)).rows[0]!.n;
    const before = await jobs();
    expect(await sweepStuckWork(t.db, { maxAttempts: 5 })).toEqual({ messages: 0, deliveries: 0, dispatches: 0 });
    expect(await jobs()).toBe(before);
  });
});
