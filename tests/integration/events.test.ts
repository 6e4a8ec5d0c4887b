import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { recordDomainEvent } from "@/lib/domain/outbox/record";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { useOrgDatabase } from "../helpers/org-database";
import { eventFields, makeOrg } from "../helpers/fixtures";

const t = useOrgDatabase();

async function outboxFor(aggregateId: string) {
  return t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", aggregateId).orderBy("occurred_at").execute();
}

async function dispatchJobsFor(domainEventIds: string[]) {
  const rows = await sql<{ key: string; task: string }>`
    select key, task_identifier as task from graphile_worker.jobs where key = any(${domainEventIds.map((id) => "dispatch:" + id)})`.execute(t.db);
  return rows.rows;
}

describe("events and their outbox", () => {
  it("commits event.created, and the job that will dispatch it, with the event row", async () => {
    const event = await createEvent(t.db, t.orgId, eventFields);
    expect(event.status).toBe("draft");
    expect(event.starts_at.toISOString()).toBe("2030-06-01T07:00:00.000Z");
    const facts = await outboxFor(event.id);
    expect(facts.map((f) => f.type)).toEqual(["event.created"]);
    expect(facts[0]!.version).toBe(1);
    expect((facts[0]!.payload as { event: { title: string } }).event.title).toBe("Test Conference");
    const jobs = await dispatchJobsFor(facts.map((f) => f.id));
    expect(jobs).toEqual([{ key: `dispatch:${facts[0]!.id}`, task: "dispatch_domain_event" }]);
  });

  it("leaves neither fact nor job behind when the surrounding transaction fails", async () => {
    const event = await createEvent(t.db, t.orgId, eventFields);
    const before = await t.db.selectFrom("domain_events").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    await expect(
      t.db.transaction().execute(async (tx) => {
        await tx.updateTable("events").set({ title: "Renamed" }).where("id", "=", event.id).execute();
        await recordDomainEvent(tx, { orgId: t.orgId, type: "event.updated", aggregateId: event.id, payload: { event: eventSnapshot({ ...event, title: "Renamed" }) } });
        throw new Error("something after the write failed");
      }),
    ).rejects.toThrow("something after the write failed");
    const after = await t.db.selectFrom("domain_events").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const row = await t.db.selectFrom("events").select("title").where("id", "=", event.id).executeTakeFirstOrThrow();
    expect(row.title).toBe("Test Conference");
  });

  it("refuses a fact whose payload breaks its schema, and so the write itself", async () => {
    const event = await createEvent(t.db, t.orgId, eventFields);
    await expect(
      t.db.transaction().execute((tx) =>
        recordDomainEvent(tx, { orgId: t.orgId, type: "event.updated", aggregateId: event.id, payload: { event: { ...eventSnapshot(event), status: "archived" } } as never }),
      ),
    ).rejects.toThrow();
    expect((await outboxFor(event.id)).map((f) => f.type)).toEqual(["event.created"]);
  });

  it("publishes and cancels once each, emitting one fact per change", async () => {
    const event = await createEvent(t.db, t.orgId, eventFields);
    await publishEvent(t.db, t.orgId, event.id);
    await publishEvent(t.db, t.orgId, event.id);
    await cancelEvent(t.db, t.orgId, event.id);
    await cancelEvent(t.db, t.orgId, event.id);
    expect((await outboxFor(event.id)).map((f) => f.type)).toEqual(["event.created", "event.published", "event.cancelled"]);
    await expect(publishEvent(t.db, t.orgId, event.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it("does not let two editors silently overwrite each other", async () => {
    const event = await createEvent(t.db, t.orgId, eventFields);
    const first = await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "First editor", version: event.version });
    expect(first.version).toBe(event.version + 1);
    const stale = updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Second editor", version: event.version });
    await expect(stale).rejects.toThrow(/Someone else changed this event/);
    const row = await t.db.selectFrom("events").select("title").where("id", "=", event.id).executeTakeFirstOrThrow();
    expect(row.title).toBe("First editor");
    expect((await outboxFor(event.id)).map((f) => f.type)).toEqual(["event.created", "event.updated"]);
  });

  it("keeps organizations apart: another org's event is simply not found", async () => {
    const other = await makeOrg(t.db, "Other");
    const event = await createEvent(t.db, t.orgId, eventFields);
    await expect(publishEvent(t.db, other.id, event.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateEvent(t.db, other.id, event.id, { ...eventFields, version: 1 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("validates before touching the database", async () => {
    await expect(createEvent(t.db, t.orgId, { ...eventFields, title: "" })).rejects.toBeInstanceOf(ValidationError);
  });
});
