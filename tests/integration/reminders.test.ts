// Event reminders on a real graphile-worker and Postgres: one keyed job per
// attendee and offset, due at the start minus the offset (an elapsed duration,
// across a daylight-saving change too), moved with the start, dropped with the
// registration or the event, skipped when already past; and exactly one
// event.reminder per attendee and offset however often, and on however many
// workers, its job runs: heard by the activity log, a signed outbound webhook
// and SendGrid's reminder e-mail in the sandbox.
import { sql } from "kysely";
import type { Runner, TaskList } from "graphile-worker";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { addTicketType, cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { checkIn } from "@/lib/domain/attendees/service";
import { insertOrderWithAttendees } from "@/lib/domain/orders/insert";
import { applyRefunds, markOrderPaid } from "@/lib/domain/orders/settle";
import { cancelRegistration } from "@/lib/domain/registrations/cancel";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { planReminders, rearmLostReminders } from "@/lib/domain/reminders/schedule";
import { sendReminder } from "@/lib/domain/reminders/send";
import { updateReminderOffsets } from "@/lib/domain/reminders/settings";
import { instantToLocal } from "@/lib/domain/time";
import { startWorker } from "@/lib/jobs/runner";
import { defaultSources } from "@/lib/jobs/subscribers";
import { makeTaskList } from "@/lib/jobs/tasks";
import { enqueue } from "@/lib/queue/enqueue";
import { connectWithApiKey, updateSettings } from "@/lib/integrations/connections/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { eventFields, makeUser } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";
import { useSandbox } from "../helpers/sandbox";
import { waitFor } from "../helpers/wait";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";

const t = useOrgDatabase();
const sandbox = useSandbox();
let receiver: Receiver;
let main: Runner | undefined;
const extra: Runner[] = [];

const startMain = async () => {
  main = await startWorker({ connectionString: t.url, db: t.db, pollInterval: 100, concurrency: 2 });
};

beforeAll(async () => {
  receiver = await startReceiver();
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${receiver.port}`;
  await startMain();
});
afterAll(async () => {
  for (const r of extra) await r.stop().catch(() => {});
  await main?.stop();
  await receiver?.stop();
  delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
});

/** graphile-worker's jobs of the reminder task, payloads included (its public view has none), as j. */
const reminderJobsTable = sql`graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id and k.identifier = 'send_event_reminder'`;

interface ReminderJob {
  key: string | null;
  run_at: Date;
  attendeeId: string;
  offsetMinutes: number;
}

async function reminderJobs(attendeeIds: string[]): Promise<ReminderJob[]> {
  const { rows } = await sql<ReminderJob>`
    select j.key, j.run_at, j.payload->>'attendeeId' as "attendeeId", (j.payload->>'offsetMinutes')::int as "offsetMinutes"
    from ${reminderJobsTable}
    where j.payload->>'attendeeId' = any(${attendeeIds}::text[]) and j.attempts < j.max_attempts
    order by j.payload->>'attendeeId', (j.payload->>'offsetMinutes')::int desc`.execute(t.db);
  return rows;
}

const reminderFacts = (attendeeIds: string[]) =>
  t.db.selectFrom("domain_events").select(["id", "aggregate_id", "payload"]).where("type", "=", "event.reminder").where("aggregate_id", "in", attendeeIds).execute();

async function freeEvent(fields: Partial<typeof eventFields> = {}) {
  const event = await createEvent(t.db, t.orgId, { ...eventFields, ...fields });
  const tt = await addTicketType(t.db, t.orgId, event.id, { name: "General", price: "0", currency: "EUR", quantity: 100 });
  await publishEvent(t.db, t.orgId, event.id);
  return { event, tt };
}

async function register(slug: string, ticketTypeId: string, name: string, quantity = 1) {
  const email = `${name.toLowerCase()}@example.com`;
  return registerFree(t.db, slug, { name, email, ticketTypeId, quantity });
}

/**
 * Puts the event's start `ms` after the database's now, plus the offset, so the
 * offset's reminder falls due in `ms`: what an edit does (the same re-plan in
 * the same transaction), at a precision the minute-based form cannot type.
 */
async function dueIn(eventId: string, offsetMinutes: number, ms: number) {
  await t.db.transaction().execute(async (tx) => {
    await sql`update events set starts_at = now() + make_interval(mins => ${offsetMinutes}) + ${`${ms} milliseconds`}::interval,
      ends_at = now() + interval '3 days' where id = ${eventId}`.execute(tx);
    await planReminders(tx, { eventId });
  });
}

/** Local wall-clock time `ms` from now in the zone, for the event form. */
const localIn = (ms: number, tz = "Europe/Zurich") => instantToLocal(new Date(Date.now() + ms), tz);
const HOUR = 3_600_000;

describe("scheduling reminders", () => {
  it("adds one keyed job per attendee and offset, due the offset's duration before the start in the event's zone", async () => {
    // 28 March 2027 is the day Zurich moves to summer time (02:00 → 03:00):
    // noon that day is 10:00 UTC, and 24 hours earlier is 10:00 UTC on the
    // 27th, 11:00 on the wall clock (still winter time).
    const { event, tt } = await freeEvent({ title: "Spring Forward", startsAt: "2027-03-28T12:00", endsAt: "2027-03-28T14:00", timeZone: "Europe/Zurich" });
    expect(event.reminder_offsets).toEqual([1440, 60]);
    const { attendees } = await register(event.slug, tt.id, "Ana", 2);
    const ids = attendees.map((a) => a.id);
    const jobs = await reminderJobs(ids);
    expect(jobs).toHaveLength(4);
    for (const a of ids) {
      expect(jobs.filter((j) => j.attendeeId === a).map((j) => [j.key, j.run_at.toISOString()])).toEqual([
        [`reminder:${a}:1440`, "2027-03-27T10:00:00.000Z"],
        [`reminder:${a}:60`, "2027-03-28T09:00:00.000Z"],
      ]);
    }
    expect(instantToLocal(jobs[0]!.run_at, "Europe/Zurich")).toBe("2027-03-27T11:00");

    // Planning again (any later edit does) replaces the jobs under their keys, never adds.
    await t.db.transaction().execute((tx) => planReminders(tx, { eventId: event.id }));
    await t.db.transaction().execute((tx) => planReminders(tx, { attendeeIds: ids }));
    expect(await reminderJobs(ids)).toHaveLength(4);
  });

  it("moves the jobs with the start, in the edit's transaction, and drops an offset the new start leaves in the past", async () => {
    const { event, tt } = await freeEvent({ title: "Moving Day", startsAt: "2030-06-01T09:00", endsAt: "2030-06-01T17:00" });
    const { attendees } = await register(event.slug, tt.id, "Ben");
    const a = attendees[0]!.id;

    const moved = await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Moving Day", startsAt: "2030-07-15T18:30", endsAt: "2030-07-15T22:00", version: event.version });
    expect(moved.starts_at.toISOString()).toBe("2030-07-15T16:30:00.000Z");
    expect((await reminderJobs([a])).map((j) => [j.key, j.run_at.toISOString()])).toEqual([
      [`reminder:${a}:1440`, "2030-07-14T16:30:00.000Z"],
      [`reminder:${a}:60`, "2030-07-15T15:30:00.000Z"],
    ]);

    // A failed edit moves nothing: the reminders commit or roll back with the start.
    await expect(updateEvent(t.db, t.orgId, event.id, { ...eventFields, startsAt: "2031-01-01T10:00", endsAt: "2031-01-01T11:00", version: 1 })).rejects.toBeInstanceOf(ConflictError);
    expect((await reminderJobs([a]))[0]!.run_at.toISOString()).toBe("2030-07-14T16:30:00.000Z");

    // Moved to 3 hours from now: the 24-hour reminder is already past, so it is skipped; the 1-hour one stays.
    const soon = await updateEvent(t.db, t.orgId, event.id, { ...eventFields, title: "Moving Day", startsAt: localIn(3 * HOUR), endsAt: localIn(5 * HOUR), version: moved.version });
    expect((await reminderJobs([a])).map((j) => [j.key, j.run_at.getTime()])).toEqual([[`reminder:${a}:60`, soon.starts_at.getTime() - HOUR]]);
  });

  it("skips offsets already past at registration", async () => {
    const { event, tt } = await freeEvent({ title: "Last Minute", startsAt: localIn(3 * HOUR), endsAt: localIn(4 * HOUR) });
    const { attendees } = await register(event.slug, tt.id, "Cleo");
    const a = attendees[0]!.id;
    const start = (await t.db.selectFrom("events").select("starts_at").where("id", "=", event.id).executeTakeFirstOrThrow()).starts_at;
    expect((await reminderJobs([a])).map((j) => [j.key, j.run_at.getTime()])).toEqual([[`reminder:${a}:60`, start.getTime() - HOUR]]);
  });

  it("drops an attendee's jobs when the registration is cancelled, and every job when the event is", async () => {
    const { event, tt } = await freeEvent({ title: "Drop Off" });
    const [one, two] = [await register(event.slug, tt.id, "Dana"), await register(event.slug, tt.id, "Eli")];
    const [d, e] = [one.attendees[0]!.id, two.attendees[0]!.id];
    expect(await reminderJobs([d, e])).toHaveLength(4);

    await cancelRegistration(t.db, t.orgId, d);
    expect(await reminderJobs([d])).toEqual([]);
    expect(await reminderJobs([e])).toHaveLength(2);

    await cancelEvent(t.db, t.orgId, event.id);
    expect(await reminderJobs([d, e])).toEqual([]);
  });

  it("plans a paid ticket's reminders when its payment settles, and drops them with its refund or its check-in", async () => {
    const { event } = await freeEvent({ title: "Paid Plans" });
    const paidType = await addTicketType(t.db, t.orgId, event.id, { name: "Supporter", price: "20", currency: "EUR", quantity: 5 });
    const pending = await t.db.transaction().execute(async (tx) => {
      const ev = await tx.selectFrom("events").selectAll().where("id", "=", event.id).executeTakeFirstOrThrow();
      return insertOrderWithAttendees(tx, { event: ev, buyer: { name: "Mo Paid", email: "mo@example.com", phone: null }, status: "pending", totalMinor: 4000, currency: "EUR", lines: [{ ticketTypeId: paidType.id, quantity: 2 }] });
    });
    const [m1, m2] = pending.attendees.map((x) => x.id) as [string, string];
    // A held place is not a ticket yet: no reminder until the payment settles.
    expect(await reminderJobs([m1, m2])).toEqual([]);
    expect(await markOrderPaid(t.db, pending.order.id, { paymentIntentId: "pi_fake_reminders" })).toBe("changed");
    expect(await reminderJobs([m1, m2])).toHaveLength(4);

    await applyRefunds(t.db, pending.order.id, { refundedMinor: 2000, attendeeIds: [m1] });
    expect(await reminderJobs([m1])).toEqual([]);
    expect(await reminderJobs([m2])).toHaveLength(2);
    await checkIn(t.db, t.orgId, m2);
    expect(await reminderJobs([m2])).toEqual([]);
  });

  it("re-plans when the offsets are edited, and names the field when they are not durations", async () => {
    const { event, tt } = await freeEvent({ title: "Custom Offsets" });
    const { attendees } = await register(event.slug, tt.id, "Fay");
    const a = attendees[0]!.id;
    const saved = await updateReminderOffsets(t.db, t.orgId, event.id, { reminderOffsets: "30m, 2d" });
    expect(saved.reminder_offsets).toEqual([2880, 30]);
    expect((await reminderJobs([a])).map((j) => [j.key, j.run_at.getTime()])).toEqual([
      [`reminder:${a}:2880`, saved.starts_at.getTime() - 2 * 24 * HOUR],
      [`reminder:${a}:30`, saved.starts_at.getTime() - HOUR / 2],
    ]);

    const err = await updateReminderOffsets(t.db, t.orgId, event.id, { reminderOffsets: "2d, next week" }).catch((x) => x);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors.reminderOffsets![0]).toContain('"next week" is not a duration');
    expect((await reminderJobs([a])).map((j) => j.offsetMinutes)).toEqual([2880, 30]);

    // None at all: reminders off, every job gone.
    expect((await updateReminderOffsets(t.db, t.orgId, event.id, { reminderOffsets: "" })).reminder_offsets).toEqual([]);
    expect(await reminderJobs([a])).toEqual([]);
  });
});

describe("sending reminders", () => {
  it("records one event.reminder when due, heard by the activity log, a signed webhook and SendGrid's reminder e-mail", async () => {
    const owner = await makeUser(t.db, t.orgId, "owner");
    await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.id, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey: "SG.sandbox-key.demo1234" } });
    await updateSettings(t.db, t.orgId, "sendgrid", { fromEmail: "tickets@demo.example", fromName: "Demo Events", sendConfirmations: false, sendReminders: true });
    const { secret } = await insertEndpoint(t.db, { orgId: t.orgId, url: receiver.url("/reminders"), description: "reminders", eventTypes: ["event.reminder"], source: "admin", rateLimitPerSecond: null });

    const { event, tt } = await freeEvent({ title: "Reminder Night", venue: "Hall 9" });
    const { attendees } = await register(event.slug, tt.id, "Gus");
    const a = attendees[0]!.id;
    await dueIn(event.id, 60, 1_000);
    // The 24-hour reminder's time has passed with the move: its job is gone, only the 1-hour one waits.
    expect((await reminderJobs([a])).map((j) => j.key)).toEqual([`reminder:${a}:60`]);

    const sent = await waitFor(() => t.db.selectFrom("event_reminders").selectAll().where("attendee_id", "=", a).executeTakeFirst(), { what: "the reminder to be sent" });
    const facts = await reminderFacts([a]);
    expect(facts).toHaveLength(1);
    expect(sent).toMatchObject({ offset_minutes: 60, event_id: event.id, domain_event_id: facts[0]!.id });
    const start = (await t.db.selectFrom("events").select("starts_at").where("id", "=", event.id).executeTakeFirstOrThrow()).starts_at;
    expect(facts[0]!.payload).toMatchObject({
      event: { id: event.id, title: "Reminder Night", startsAt: start.toISOString(), timeZone: "Europe/Zurich" },
      attendee: { id: a, name: "Gus", email: "gus@example.com", status: "paid" },
      reminder: { offsetMinutes: 60, dueAt: new Date(start.getTime() - HOUR).toISOString() },
    });

    const logged = await waitFor(() => t.db.selectFrom("activity_log").select("summary").where("domain_event_id", "=", facts[0]!.id).executeTakeFirst(), { what: "the activity log entry" });
    expect(logged.summary).toBe("Reminder to Gus <gus@example.com>: Reminder Night starts in 1 hour");

    const [delivery] = await waitFor(async () => (receiver.received("/reminders").length ? receiver.received("/reminders") : undefined), { what: "the webhook delivery" });
    const body = new Webhook(secret).verify(delivery!.body, delivery!.headers) as { type: string; data: { attendee: { id: string }; reminder: { offsetMinutes: number } } };
    expect(body.type).toBe("event.reminder");
    expect(body.data).toMatchObject({ attendee: { id: a }, reminder: { offsetMinutes: 60 } });
    expect(await t.db.selectFrom("webhook_messages").select("id").where("domain_event_id", "=", facts[0]!.id).execute()).toHaveLength(1);

    const mail = await waitFor(async () => {
      const mails = (await sandbox.inbox()).sendgrid.emails as Array<{ subject: string; html: string; to: Array<{ email: string }> }>;
      return mails.find((m) => m.to.some((x) => x.email === "gus@example.com"));
    }, { what: "the reminder e-mail", timeoutMs: 20_000 });
    expect(mail.subject).toBe("Reminder: Reminder Night starts in 1 hour");
    expect(mail.html).toContain("Hi Gus,");
    expect(mail.html).toContain("Hall 9");
    expect(mail.html).toContain("(Europe/Zurich)");

    // The job ran once and is gone; running it again (a crash after commit, a sweep) records nothing more.
    expect(await reminderJobs([a])).toEqual([]);
    await enqueue(t.db, "send_event_reminder", { attendeeId: a, offsetMinutes: 60 });
    await waitFor(async () => ((await reminderJobs([a])).length === 0 ? true : undefined), { what: "the repeated job to run" });
    expect(await reminderFacts([a])).toHaveLength(1);
    // Every subscriber is done, and nobody heard it twice.
    await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").select("status").where("domain_event_id", "=", facts[0]!.id).execute();
      return d.length === 3 && d.every((x) => x.status === "succeeded") ? true : undefined;
    }, { what: "the three deliveries" });
    expect(receiver.received("/reminders")).toHaveLength(1);
    const mails = (await sandbox.inbox()).sendgrid.emails as Array<{ to: Array<{ email: string }> }>;
    expect(mails.filter((m) => m.to.some((x) => x.email === "gus@example.com"))).toHaveLength(1);
  });

  it("tells each attendee once per offset when the same jobs run many times on two worker runners at once", async () => {
    await main?.stop();
    main = undefined;
    const { event, tt } = await freeEvent({ title: "Crowded Queue" });
    const { attendees } = await register(event.slug, tt.id, "Hal", 3);
    const ids = attendees.map((x) => x.id);
    await updateReminderOffsets(t.db, t.orgId, event.id, { reminderOffsets: "1h, 30m" });
    // Both reminders due (the hour's is late, as after a worker outage; the event has not started), every job run at once.
    await sql`update events set starts_at = now() + interval '30 minutes 1 second' where id = ${event.id}`.execute(t.db);
    await sql`update graphile_worker._private_jobs set run_at = now() + interval '1500 milliseconds' where key like 'reminder:%' and payload->>'attendeeId' = any(${ids}::text[])`.execute(t.db);
    // Four more copies of every job, without keys: what crashes, retries and sweeps can leave behind.
    const runAt = new Date(Date.now() + 1_500);
    for (const attendeeId of ids) for (const offsetMinutes of [60, 30]) for (let i = 0; i < 4; i++) await enqueue(t.db, "send_event_reminder", { attendeeId, offsetMinutes }, { runAt });
    expect(await reminderJobs(ids)).toHaveLength(ids.length * 2 * 5);

    // Two runners on the same database, each counting what its reminder jobs did.
    const ran: Array<{ runner: string; attendeeId: string }> = [];
    const tasks = makeTaskList({ db: t.db, sources: defaultSources, maxAttempts: 3 });
    const counting = (runner: string): TaskList => ({
      ...tasks,
      async send_event_reminder(payload, helpers) {
        await tasks.send_event_reminder!(payload, helpers);
        ran.push({ runner, attendeeId: (payload as { attendeeId: string }).attendeeId });
      },
    });
    for (const name of ["a", "b"]) extra.push(await startWorker({ connectionString: t.url, db: t.db, taskList: counting(name), pollInterval: 50, concurrency: 4 }));

    await waitFor(async () => ((await reminderJobs(ids)).length === 0 ? true : undefined), { what: "every copy to run" });
    expect(ran).toHaveLength(ids.length * 2 * 5);
    const facts = await reminderFacts(ids);
    expect(facts).toHaveLength(ids.length * 2);
    const pairs = facts.map((f) => `${f.aggregate_id}:${(f.payload as { reminder: { offsetMinutes: number } }).reminder.offsetMinutes}`);
    expect(new Set(pairs).size).toBe(ids.length * 2);
    const rows = await t.db.selectFrom("event_reminders").select(["attendee_id", "offset_minutes"]).where("attendee_id", "in", ids).execute();
    expect(rows).toHaveLength(ids.length * 2);
    // No copy failed: losing the race is an outcome, not an error.
    const { rows: failed } = await sql`select j.id from ${reminderJobsTable} where j.last_error is not null`.execute(t.db);
    expect(failed).toEqual([]);

    for (const r of extra.splice(0)) await r.stop();
    await startMain();
  });

  it("sends once when many transactions race for the same reminder", async () => {
    const { event, tt } = await freeEvent({ title: "Race" });
    const { attendees } = await register(event.slug, tt.id, "Ivy");
    const a = attendees[0]!.id;
    await dueIn(event.id, 60, 60_000);
    await sql`update events set starts_at = now() + interval '59 minutes' where id = ${event.id}`.execute(t.db);
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => sendReminder(t.db, a, 60)));
    expect(outcomes.filter((o) => o === "sent")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "already_sent")).toHaveLength(7);
    expect(await reminderFacts([a])).toHaveLength(1);
  });

  it("re-checks the start when its job fires: a stale job is put off, a cancelled or started one does nothing", async () => {
    const { event, tt } = await freeEvent({ title: "Stale Start" });
    const { attendees } = await register(event.slug, tt.id, "Jo", 2);
    const [a, b] = attendees.map((x) => x.id) as [string, string];

    // The start moved later behind the plan's back (as when the job was already
    // running during the edit): the job fires on its old time, finds the reminder
    // not due, and waits for the new time under the same key.
    const later = new Date(Date.now() + 10 * 24 * HOUR);
    await sql`update events set starts_at = ${later} where id = ${event.id}`.execute(t.db);
    await sql`update graphile_worker._private_jobs set run_at = now() where key = ${`reminder:${a}:60`}`.execute(t.db);
    await waitFor(async () => {
      const job = (await reminderJobs([a])).find((j) => j.offsetMinutes === 60);
      return job && job.run_at.getTime() === later.getTime() - HOUR ? job : undefined;
    }, { what: "the job put off to the new due time" });
    expect(await reminderFacts([a, b])).toEqual([]);

    // Cancelled since, or the event already started (a worker down for hours): nothing is told.
    await cancelRegistration(t.db, t.orgId, b);
    expect(await sendReminder(t.db, b, 60)).toBe("not_wanted");
    await sql`update events set starts_at = now() - interval '1 minute' where id = ${event.id}`.execute(t.db);
    expect(await sendReminder(t.db, a, 60)).toBe("too_late");
    expect(await reminderFacts([a, b])).toEqual([]);
    expect(await t.db.selectFrom("event_reminders").select("attendee_id").where("attendee_id", "in", [a, b]).execute()).toEqual([]);
  });

  it("re-arms, in the worker's sweep, a reminder whose job was lost or spent, and leaves a skipped one skipped", async () => {
    const { event, tt } = await freeEvent({ title: "Swept" });
    const { attendees } = await register(event.slug, tt.id, "Kim");
    const k = attendees[0]!.id;
    const planned = await reminderJobs([k]);
    await sql`delete from graphile_worker._private_jobs where key = ${`reminder:${k}:1440`}`.execute(t.db);
    expect(await rearmLostReminders(t.db, 500)).toBeGreaterThanOrEqual(1);
    expect(await reminderJobs([k])).toEqual(planned);

    // The hour's reminder is due now, but its job spent its retries (the database was away): re-armed to run at once, and sent.
    await sql`update events set starts_at = now() + interval '30 minutes' where id = ${event.id}`.execute(t.db);
    await sql`update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'connection refused' where key = ${`reminder:${k}:60`}`.execute(t.db);
    // Registered now, the same event has no reminder left for Lou: both offsets are past, skipped, and the sweep leaves them so.
    const lou = (await register(event.slug, tt.id, "Lou")).attendees[0]!.id;
    expect(await reminderJobs([lou])).toEqual([]);
    await rearmLostReminders(t.db, 500);
    await waitFor(() => t.db.selectFrom("event_reminders").select("offset_minutes").where("attendee_id", "=", k).executeTakeFirst(), { what: "the re-armed reminder to be sent" });
    expect((await reminderFacts([k])).map((f) => (f.payload as { reminder: { offsetMinutes: number } }).reminder.offsetMinutes)).toEqual([60]);
    expect(await reminderJobs([lou])).toEqual([]);
    expect(await reminderFacts([lou])).toEqual([]);
  });
});
