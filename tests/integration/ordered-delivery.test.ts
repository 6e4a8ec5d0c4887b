// An ordered subscriber (a connection: the calendar entry must exist before a
// registration adds a guest to it) hears an organization's facts in the order
// they were written, even when the worker dispatches several facts at once.
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticSource, type StaticSubscriber } from "@/lib/domain/outbox/subscribers";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { startWorker } from "@/lib/jobs/runner";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { waitFor } from "../helpers/wait";

let t: TestDatabase;
let runner: Runner;
let orgId: string;
const heard: string[] = [];

const orderedSubscriber: StaticSubscriber = {
  id: "ordered-listener",
  description: "hears registrations one at a time, in order",
  ordered: true,
  accepts: (e) => e.type === "registration.created",
  async handle(event) {
    heard.push(event.id);
  },
};

beforeAll(async () => {
  t = await freshDatabase();
  orgId = (await makeOrg(t.db)).id;
});
afterAll(async () => {
  await runner?.stop();
  await t.drop();
});

describe("ordered subscribers", () => {
  it("hear one organization's facts in the order they were written, with four dispatches running at once", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId, { capacity: 100 });
    const N = 24;
    const written: string[] = [];
    for (let i = 0; i < N; i++) {
      const { order } = await registerFree(t.db, event.slug, { name: `Guest ${i}`, email: `guest.${i}@example.com`, ticketTypeId: ticketType.id, quantity: 1 });
      const fact = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", order.id).where("type", "=", "registration.created").executeTakeFirstOrThrow();
      written.push(fact.id);
    }
    // Started once every fact waits, so four dispatches run at once from the first poll.
    runner = await startWorker({ connectionString: t.url, db: t.db, sources: [staticSource([orderedSubscriber])], concurrency: 4, pollInterval: 50, maxAttempts: 3 });
    await waitFor(async () => (heard.length >= N ? true : undefined), { what: `all ${N} registrations heard`, timeoutMs: 30_000 });
    expect(heard).toEqual(written);
  });
});
