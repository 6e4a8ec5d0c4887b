// The outbox → dispatcher → subscriber path on a real graphile-worker and Postgres.
import { sql } from "kysely";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { retryDelivery } from "@/lib/jobs/deliveries";
import { startWorker } from "@/lib/jobs/runner";
import { activityLogSubscriber } from "@/lib/jobs/subscribers/activity-log";
import { staticSource, type StaticSubscriber } from "@/lib/domain/outbox/subscribers";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { waitFor } from "../helpers/wait";

let t: TestDatabase;
let runner: Runner;
let orgId: string;

// A subscriber that fails until told otherwise, standing in for a provider that is down.
const flaky = {
  healthy: false,
  calls: [] as Array<{ eventId: string; attempt: number }>,
};
const flakySubscriber: StaticSubscriber = {
  id: "flaky-provider",
  description: "fails while the provider is down",
  accepts: (e) => e.type === "registration.created",
  async handle(event, { attempt }) {
    flaky.calls.push({ eventId: event.id, attempt });
    if (!flaky.healthy) throw new Error("provider answered 503 Service Unavailable");
  },
};

const MAX_ATTEMPTS = 2;

beforeAll(async () => {
  t = await freshDatabase();
  orgId = (await makeOrg(t.db)).id;
  runner = await startWorker({
    connectionString: t.url,
    db: t.db,
    sources: [staticSource([activityLogSubscriber, flakySubscriber])],
    concurrency: 2,
    pollInterval: 100,
    maxAttempts: MAX_ATTEMPTS,
  });
});
afterAll(async () => {
  await runner?.stop();
  await t.drop();
});

async function deliveriesOf(domainEventId: string) {
  return t.db.selectFrom("subscriber_deliveries").selectAll().where("domain_event_id", "=", domainEventId).orderBy("subscriber").execute();
}

/** graphile-worker waits exp(attempts) seconds before a retry; tests move the clock forward. */
async function makeRetriesDue() {
  await sql`update graphile_worker._private_jobs set run_at = now() where attempts > 0 and attempts < max_attempts`.execute(t.db);
}

describe("worker", () => {
  it("delivers a registration to the activity log, and records one delivery per subscriber", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const { order } = await registerFree(t.db, event.slug, { name: "Ana", email: "ana@example.com", ticketTypeId: ticketType.id, quantity: 1 });
    const fact = await t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", order.id).executeTakeFirstOrThrow();

    const logged = await waitFor(
      () => t.db.selectFrom("activity_log").selectAll().where("domain_event_id", "=", fact.id).executeTakeFirst(),
      { what: "the activity log row" },
    );
    expect(logged.type).toBe("registration.created");
    expect(logged.summary).toBe(`Ana <ana@example.com> registered for ${event.title} (1 ticket)`);

    const dispatched = await t.db.selectFrom("domain_events").select("dispatched_at").where("id", "=", fact.id).executeTakeFirstOrThrow();
    expect(dispatched.dispatched_at).toBeInstanceOf(Date);
    const deliveries = await waitFor(async () => {
      const d = await deliveriesOf(fact.id);
      return d.length === 2 && d.find((x) => x.subscriber === "activity-log")?.status === "succeeded" ? d : undefined;
    }, { what: "both deliveries" });
    expect(deliveries.map((d) => d.subscriber)).toEqual(["activity-log", "flaky-provider"]);
  });

  it("retries a failing subscriber with backoff, keeps it dead when attempts run out, and retries it by hand", async () => {
    flaky.healthy = false;
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const { order } = await registerFree(t.db, event.slug, { name: "Ben", email: "ben@example.com", ticketTypeId: ticketType.id, quantity: 1 });
    const fact = await t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", order.id).executeTakeFirstOrThrow();
    const flakyDelivery = async () => (await deliveriesOf(fact.id)).find((d) => d.subscriber === "flaky-provider");

    // The domain write succeeded whatever the subscriber does.
    expect(order.status).toBe("paid");

    const retrying = await waitFor(async () => {
      const d = await flakyDelivery();
      return d?.status === "retrying" ? d : undefined;
    }, { what: "the first failed attempt" });
    expect(retrying.attempts).toBe(1);
    expect(retrying.last_error).toBe("provider answered 503 Service Unavailable");
    expect(retrying.next_attempt_at!.getTime()).toBeGreaterThan(Date.now());

    await makeRetriesDue();
    const dead = await waitFor(async () => {
      const d = await flakyDelivery();
      return d?.status === "dead" ? d : undefined;
    }, { what: "the delivery to be marked dead" });
    expect(dead.attempts).toBe(MAX_ATTEMPTS);

    // Dead means kept, not deleted: the job is still there with its error, and nothing runs it again.
    const job = await sql<{ attempts: number; max_attempts: number; last_error: string }>`
      select attempts, max_attempts, last_error from graphile_worker.jobs where key = ${"deliver:" + dead.id}`.execute(t.db);
    expect(job.rows[0]).toMatchObject({ attempts: MAX_ATTEMPTS, max_attempts: MAX_ATTEMPTS });
    expect(job.rows[0]!.last_error).toContain("503");
    const callsWhenDead = flaky.calls.filter((c) => c.eventId === fact.id).length;
    expect(callsWhenDead).toBe(MAX_ATTEMPTS);

    // The provider recovers; an admin presses Retry.
    flaky.healthy = true;
    await retryDelivery(t.db, orgId, dead.id, MAX_ATTEMPTS);
    const done = await waitFor(async () => {
      const d = await flakyDelivery();
      return d?.status === "succeeded" ? d : undefined;
    }, { what: "the manual retry to succeed" });
    expect(done.last_error).toBeNull();
    expect(flaky.calls.filter((c) => c.eventId === fact.id)).toHaveLength(MAX_ATTEMPTS + 1);

    // The activity log got its copy once, on the first try, untouched by the flaky neighbour.
    const logged = await t.db.selectFrom("activity_log").select("id").where("domain_event_id", "=", fact.id).execute();
    expect(logged).toHaveLength(1);
  });

  it("does not retry a delivery of another organization", async () => {
    const other = await makeOrg(t.db, "Other");
    const anyDelivery = await t.db.selectFrom("subscriber_deliveries").select("id").where("org_id", "=", orgId).executeTakeFirstOrThrow();
    await expect(retryDelivery(t.db, other.id, anyDelivery.id, MAX_ATTEMPTS)).rejects.toThrow("Delivery was not found");
  });

  it("dispatches a fact once even if its dispatch job runs twice", async () => {
    const { event } = await makePublishedEvent(t.db, orgId);
    const fact = await t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", event.id).where("type", "=", "event.published").executeTakeFirstOrThrow();
    await waitFor(async () => (await deliveriesOf(fact.id)).length === 1, { what: "the first dispatch" });
    // Simulate a worker that crashed after committing but before acknowledging: the job runs again.
    await sql`select graphile_worker.add_job('dispatch_domain_event', json_build_object('domainEventId', ${fact.id}::text))`.execute(t.db);
    await waitFor(async () => {
      const r = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where task_identifier = 'dispatch_domain_event'`.execute(t.db);
      return Number(r.rows[0]!.n) === 0;
    }, { what: "the duplicate dispatch job to finish" });
    const deliveries = await deliveriesOf(fact.id);
    expect(deliveries).toHaveLength(1);
    const logged = await t.db.selectFrom("activity_log").select("id").where("domain_event_id", "=", fact.id).execute();
    expect(logged).toHaveLength(1);
  });
});
