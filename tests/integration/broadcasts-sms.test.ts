// Bulk SMS to an event's attendees through Twilio, against real Postgres, the
// sandbox and a real worker: only consented numbers, a number that replied STOP
// skipped and counted, each text in the attendee's SMS thread, two runs at once
// or a run killed mid-batch never texting anyone twice, a 429 ridden out, and
// status callbacks applied to the recipient in whatever order they arrive.
import twilio from "twilio";
import { beforeAll, describe, expect, it } from "vitest";
import { enqueueBatch, rearmStuckBroadcasts } from "@/lib/broadcasting/queue";
import { runBroadcastBatch } from "@/lib/broadcasting/run";
import { startBroadcast } from "@/lib/broadcasting/start";
import { claimBatch, createBroadcast, listRecipients, progressOf } from "@/lib/broadcasts/records";
import { appKeyring } from "@/lib/vault/app-keyring";
import { updateSettings } from "@/lib/integrations/connections/service";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { smsForAttendees } from "@/lib/sms/store";
import { addAttendees, type FakeAttendee } from "../helpers/broadcast-audience";
import { makePublishedEvent } from "../helpers/fixtures";
import { useTwilioConnection } from "../helpers/twilio-connection";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const harness = useIntegrationHarness();
const { t, sandbox, owner } = harness;

const ACCOUNT = "AC0000000000000000000000000000b001";
const TOKEN = "fake0auth0token0for0sandbox00b01";
const conn = useTwilioConnection(harness, { sid: ACCOUNT, authToken: TOKEN });
let sender: string;
let numberSeq = 0;

interface Sms {
  sid: string;
  direction: string;
  to: string;
  body: string;
}
const sandboxSms = async (to: string): Promise<Sms[]> => ((await sandbox.inbox()).twilio.messages as Sms[]).filter((m) => m.to === to && m.direction === "outbound-api");
const callbackUrl = () => conn.callbackUrl();
const who = () => ({ orgId: t.orgId, userId: owner.userId });
const numbers = (n: number) => Array.from({ length: n }, () => `+4144668${String(2000 + ++numberSeq).padStart(4, "0")}`);

async function eventWith(people: FakeAttendee[]) {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
  const ids = await addAttendees(t.db, t.orgId, event, ticketType.id, people);
  return { event, ids };
}

const finished = (broadcastId: string) =>
  waitFor(async () => (await t.db.selectFrom("broadcasts").select("status").where("id", "=", broadcastId).executeTakeFirstOrThrow()).status === "done", {
    what: "the broadcast to finish",
    timeoutMs: 30_000,
  });

/** A broadcast written without its job, for tests that drive the runs themselves. */
async function bareBroadcast(event: { id: string }, phones: string[], ids: string[]) {
  return createBroadcast(t.db, {
    orgId: t.orgId,
    eventId: event.id,
    connectionId: conn.connectionId,
    channel: "sms",
    audience: "all",
    subject: "",
    text: "The venue changed: Hall 2.",
    createdBy: owner.userId,
    recipients: phones.map((address, i) => ({ attendeeId: ids[i]!, name: `Guest ${i}`, address })),
  });
}

beforeAll(async () => {
  sender = conn.numbers[0]!;
  await updateSettings(t.db, t.orgId, "twilio", { sender, sendConfirmations: false });
});

describe("bulk SMS", () => {
  it("texts consented numbers once each, skips and counts a number that replied STOP, and keeps each text in the attendee's thread", async () => {
    const [a, b, stopped] = numbers(3);
    const { event, ids } = await eventWith([
      { email: "sms-a@example.test", smsPhone: a },
      { email: "sms-b@example.test", smsPhone: b },
      { email: "sms-stop@example.test", smsPhone: stopped },
      { email: "no-phone@example.test" },
    ]);
    await sandbox.control("twilio/inbound", { from: stopped, to: sender, body: "STOP", url: callbackUrl() });
    await waitFor(async () => t.db.selectFrom("sms_opt_outs").selectAll().where("phone", "=", stopped!).executeTakeFirst(), { what: "the opt-out", timeoutMs: 15_000 });

    const { id, recipients } = await startBroadcast(t.db, who(), event.id, { channel: `${conn.connectionId}:sms`, audience: "all", text: "Doors open at 8." });
    expect(recipients).toBe(3);
    await finished(id);
    expect(await progressOf(t.db, id)).toEqual({ total: 3, pending: 0, sending: 0, sent: 2, skipped: 1, failed: 0 });
    const rows = await listRecipients(t.db, id);
    expect(rows.find((r) => r.address === stopped)).toMatchObject({ status: "skipped", reason: "opted out: the number replied STOP" });
    for (const n of [a, b]) {
      const sms = await sandboxSms(n!);
      expect(sms).toHaveLength(1);
      expect(sms[0]!.body).toBe("Doors open at 8.\nReply STOP to opt out.");
    }
    expect(await sandboxSms(stopped!)).toHaveLength(0);
    const thread = (await smsForAttendees(t.db, t.orgId, [ids[0]!])).get(ids[0]!)!;
    expect(thread.map((m) => [m.direction, m.body])).toEqual([["outbound", "Doors open at 8.\nReply STOP to opt out."]]);
    const log = await t.db.selectFrom("activity_log").select("summary").where("type", "=", "broadcast.finished").execute();
    expect(log.map((l) => l.summary)).toContain("SMS via Twilio “Doors open at 8.” to 3 recipients: 2 sent, 1 skipped, 0 failed.");
  });

  it("follows each text's status callbacks to delivered, and a late 'sent' never overwrites it", async () => {
    const [n] = numbers(1);
    const { event } = await eventWith([{ email: "sms-status@example.test", smsPhone: n }]);
    const { id } = await startBroadcast(t.db, who(), event.id, { channel: `${conn.connectionId}:sms`, audience: "all", text: "Status test" });
    await finished(id);
    const row = await waitFor(async () => {
      const [r] = await listRecipients(t.db, id);
      return r?.delivery === "delivered" && r;
    }, { what: "delivered from the sandbox's callbacks", timeoutMs: 15_000 });
    const sid = (await sandboxSms(n!))[0]!.sid;
    const params = { AccountSid: ACCOUNT, ApiVersion: "2010-04-01", From: sender, To: n!, MessageSid: sid, SmsSid: sid, MessageStatus: "queued", SmsStatus: "queued" };
    const res = await fetch(callbackUrl(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilio.getExpectedTwilioSignature(TOKEN, callbackUrl(), params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    await waitFor(async () => {
      const e = await t.db.selectFrom("webhook_events").select("status").where("external_id", "=", `${sid}:queued`).executeTakeFirst();
      return e && e.status !== "received" && e;
    }, { what: "the late callback processed", timeoutMs: 15_000 });
    expect((await listRecipients(t.db, id))[0]).toMatchObject({ id: row.id, delivery: "delivered" });
  });

  it("rides out Twilio's 429s: every number texted exactly once", async () => {
    const phones = numbers(3);
    const { event } = await eventWith(phones.map((p, i) => ({ email: `sms-429-${i}@example.test`, smsPhone: p })));
    await sandbox.control("faults", { provider: "twilio", kind: "rate_limit", retryAfterSeconds: 1, times: 2, match: "/Messages.json" });
    await sandbox.control("faults", { provider: "twilio", kind: "status", status: 503, times: 3, match: "/Messages.json" });
    const { id } = await startBroadcast(t.db, who(), event.id, { channel: `${conn.connectionId}:sms`, audience: "all", text: "After the 429s" });
    await finished(id);
    for (const p of phones) expect(await sandboxSms(p)).toHaveLength(1);
    expect(await progressOf(t.db, id)).toMatchObject({ sent: 3, failed: 0 });
  });
});

describe("runs that race or die", () => {
  it("two runs at once (and the worker's) never text a recipient twice", async () => {
    const phones = numbers(8);
    const { event, ids } = await eventWith(phones.map((p, i) => ({ email: `sms-race-${i}@example.test`, smsPhone: p })));
    const id = await bareBroadcast(event, phones, ids);
    const done = async () => (await t.db.selectFrom("broadcasts").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status === "done";
    const loop = async () => {
      while (!(await done())) await runBroadcastBatch(t.db, id, { attempt: 1, maxAttempts: 10 });
    };
    await Promise.all([loop(), loop()]);
    for (const p of phones) expect(await sandboxSms(p)).toHaveLength(1);
    expect(await progressOf(t.db, id)).toMatchObject({ sent: 8, pending: 0, sending: 0 });
  });

  it("a broadcast whose job is gone is re-armed by the sweep, once however often it sweeps", async () => {
    const phones = numbers(2);
    const { event, ids } = await eventWith(phones.map((p, i) => ({ email: `sms-rearm-${i}@example.test`, smsPhone: p })));
    const id = await bareBroadcast(event, phones, ids);
    expect(await rearmStuckBroadcasts(t.db, 500)).toBe(1);
    // Its job is waiting or running (and re-queues itself until the last batch), so a second sweep adds none.
    expect(await rearmStuckBroadcasts(t.db, 500)).toBe(0);
    await finished(id);
    for (const p of phones) expect(await sandboxSms(p)).toHaveLength(1);
  });

  it("leaves a recipient a live run holds alone until its lease is over", async () => {
    const phones = numbers(1);
    const { event, ids } = await eventWith([{ email: "sms-lease@example.test", smsPhone: phones[0] }]);
    const id = await bareBroadcast(event, phones, ids);
    expect(await claimBatch(t.db, id, 1, 60_000)).toHaveLength(1);
    expect(await claimBatch(t.db, id, 1, 60_000)).toEqual([]);
  });

  it("a run killed mid-batch: the next run sends what it had not, and does not resend what Twilio had accepted", async () => {
    const [accepted, claimedOnly, pending] = numbers(3);
    const { event, ids } = await eventWith([accepted, claimedOnly, pending].map((p, i) => ({ email: `sms-killed-${i}@example.test`, smsPhone: p })));
    const id = await bareBroadcast(event, [accepted!, claimedOnly!, pending!], ids);
    const rows = await listRecipients(t.db, id);
    const rowOf = (p: string) => rows.find((r) => r.address === p)!;
    // The dead run had taken two recipients 11 minutes ago (past the lease) and got one of them accepted by Twilio.
    await t.db
      .updateTable("broadcast_recipients")
      .set({ status: "sending", claimed_at: new Date(Date.now() - 11 * 60_000), attempts: 1 })
      .where("id", "in", [rowOf(accepted!).id, rowOf(claimedOnly!).id])
      .execute();
    const connector = (await loadConnector("twilio"))!;
    const ctx = await connectorContext(t.db, appKeyring(), connector, (await findConnection(t.db, t.orgId, "twilio"))!);
    const body = "The venue changed: Hall 2.\nReply STOP to opt out.";
    const { sendSms } = await import("@/lib/integrations/twilio/messaging");
    const sent = await sendSms(ctx as never, accepted!, body);
    await t.db
      .insertInto("sms_messages")
      .values({ org_id: t.orgId, connection_id: conn.connectionId, attendee_id: ids[0]!, direction: "outbound", domain_event_id: id, to_number: accepted!, body, sid: sent.sid, status: "queued", status_rank: 2 })
      .execute();
    await t.db.insertInto("sms_messages").values({ org_id: t.orgId, connection_id: conn.connectionId, attendee_id: ids[1]!, direction: "outbound", domain_event_id: id, to_number: claimedOnly!, body, status: "pending" }).execute();

    // The queue runs the broadcast's job again (the liveness sweep freed it).
    await enqueueBatch(t.db, id);
    await finished(id);
    for (const p of [accepted, claimedOnly, pending]) expect(await sandboxSms(p!)).toHaveLength(1);
    const after = await listRecipients(t.db, id);
    expect(after.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    expect(await t.db.selectFrom("broadcast_recipients").select("provider_ref").where("id", "=", rowOf(accepted!).id).executeTakeFirstOrThrow()).toEqual({ provider_ref: sent.sid });
  });
});
