// Bulk e-mail to an event's attendees through SendGrid, against real Postgres,
// the sandbox and a real worker: who is in each audience, batches of at most
// 1,000 recipients per request, suppressed addresses skipped and counted, a 429
// or an outage retried without anyone e-mailed twice, and the Event Webhook's
// statuses applied to each recipient in whatever order they arrive.
import { beforeAll, describe, expect, it } from "vitest";
import { audienceCounts, audienceOf } from "@/lib/broadcasting/audience";
import { usableChannels } from "@/lib/broadcasting/channels";
import { startBroadcast } from "@/lib/broadcasting/start";
import { recordRecipientDelivery } from "@/lib/broadcasts/delivery";
import { createBroadcast, listRecipients, progressOf } from "@/lib/broadcasts/records";
import { enqueueBatch } from "@/lib/broadcasting/queue";
import { cancelEvent } from "@/lib/domain/events/service";
import { ValidationError } from "@/lib/domain/errors";
import { suppress } from "@/lib/email/suppressions";
import { appKeyring } from "@/lib/vault/app-keyring";
import { connectWithApiKey, setEnabled, updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { connectorPage } from "@/lib/integrations/views";
import { addAttendees, type FakeAttendee } from "../helpers/broadcast-audience";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";
import { useWebhookRoute } from "../helpers/webhook-route";

const { t, sandbox, owner } = useIntegrationHarness();

const API_KEY = "SG.fake-broadcast-key.fake-broadcast-secret";
// The sandbox posts SendGrid's events to our route.
useWebhookRoute(t);
let connectionId: string;
let mailDomain = 0;

interface SandboxEmail {
  messageId: string;
  to: Array<{ email: string }>;
  subject: string;
}
const emails = async (): Promise<SandboxEmail[]> => (await sandbox.inbox()).sendgrid.emails;
const mailSends = async () => (await sandbox.requests("sendgrid")).filter((r) => r.path.endsWith("/v3/mail/send") && r.method === "POST" && r.status === 202);
const who = () => ({ orgId: t.orgId, userId: owner.userId });
/** Addresses unique to one test, so inbox counts are about that test alone. */
const addressesFor = (n: number) => {
  const d = `b${++mailDomain}.example.test`;
  return Array.from({ length: n }, (_, i) => `guest${i + 1}@${d}`);
};

async function eventWith(people: FakeAttendee[]) {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
  const ids = await addAttendees(t.db, t.orgId, event, ticketType.id, people);
  return { event, ids };
}

async function finished(broadcastId: string) {
  return waitFor(
    async () => {
      const b = await t.db.selectFrom("broadcasts").selectAll().where("id", "=", broadcastId).executeTakeFirstOrThrow();
      return b.status === "done" && b;
    },
    { what: "the broadcast to finish", timeoutMs: 30_000 },
  );
}

beforeAll(async () => {
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey: API_KEY } });
  connectionId = (await findConnection(t.db, t.orgId, "sendgrid"))!.id;
  await updateSettings(t.db, t.orgId, "sendgrid", { fromEmail: "tickets@demo.example", fromName: "Demo Events", sendConfirmations: false });
});

describe("audience", () => {
  it("counts and picks the attendees holding a place, by filter, each address once", async () => {
    const [a, b, c, d, e, f] = addressesFor(6);
    const { event } = await eventWith([
      { email: a!, paid: true, checkedIn: true, smsPhone: "+41446681901" },
      { email: b!, paid: true },
      { email: c!, checkedIn: true },
      { email: d! },
      // A second ticket bought with the same address hears the message once.
      { email: d!.toUpperCase(), paid: true },
      { email: e!, paid: true, status: "refunded" },
      { email: f!, status: "cancelled" },
    ]);
    const counts = await audienceCounts(t.db, event);
    expect(counts.email).toEqual({ all: 4, paid: 3, checked_in: 2, not_checked_in: 2 });
    expect(counts.phone).toEqual({ all: 1, paid: 1, checked_in: 1, not_checked_in: 0 });
    expect((await audienceOf(t.db, event, "paid", "email")).map((m) => m.address).sort()).toEqual([a, b, d].sort());
    expect((await audienceOf(t.db, event, "not_checked_in", "email")).map((m) => m.address).sort()).toEqual([b, d].sort());
    expect((await audienceOf(t.db, event, "all", "phone")).map((m) => m.address)).toEqual(["+41446681901"]);
  });

  it("for a cancelled event, reaches those who held a place when it was cancelled, refunded since included", async () => {
    const [held, refundedBefore, refundedAfter] = addressesFor(3);
    const { event, ids } = await eventWith([{ email: held!, paid: true }, { email: refundedBefore!, paid: true, status: "refunded" }, { email: refundedAfter!, paid: true }]);
    // The refund before the cancellation happened in the past.
    await t.db.updateTable("orders").set({ updated_at: new Date(Date.now() - 3600_000) }).where("buyer_email", "=", refundedBefore!).execute();
    const cancelled = await cancelEvent(t.db, t.orgId, event.id);
    const order = await t.db.selectFrom("attendees").select("order_id").where("id", "=", ids[2]!).executeTakeFirstOrThrow();
    await t.db.updateTable("orders").set({ status: "refunded", updated_at: new Date() }).where("id", "=", order.order_id).execute();
    await t.db.updateTable("attendees").set({ status: "refunded" }).where("id", "=", ids[2]!).execute();
    expect((await audienceOf(t.db, cancelled, "all", "email")).map((m) => m.address).sort()).toEqual([held, refundedAfter].sort());
  });

  it("offers the e-mail channel labelled with its connection, and refuses a missing subject keeping the field named", async () => {
    const { event } = await eventWith([{ email: addressesFor(1)[0]! }]);
    const channels = await usableChannels(t.db, event);
    expect(channels.map((c) => c.label)).toContain("E-mail via SendGrid");
    const err = await startBroadcast(t.db, who(), event.id, { channel: `${connectionId}:email`, audience: "all", subject: "", text: "Hello" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors.subject).toEqual(["Give the e-mail a subject"]);
  });
});

describe("sending", () => {
  it("sends 1,001 recipients in two requests of at most 1,000, skips a suppressed address with its reason, and finishes with a summary", async () => {
    const addresses = addressesFor(1002);
    const { event } = await eventWith(addresses.map((email) => ({ email })));
    await suppress(t.db, { orgId: t.orgId, connectionId, email: addresses[5]!, reason: "bounced", eventType: "bounce", occurredAt: new Date() });
    const before = (await mailSends()).length;
    const { id, recipients } = await startBroadcast(t.db, who(), event.id, { channel: `${connectionId}:email`, audience: "all", subject: "Doors open at 8", text: "See you there.\n\nBring your ticket." });
    expect(recipients).toBe(1002);
    await finished(id);
    expect(await progressOf(t.db, id)).toEqual({ total: 1002, pending: 0, sending: 0, sent: 1001, skipped: 1, failed: 0 });

    const sends = (await mailSends()).slice(before);
    expect(sends).toHaveLength(2);
    const sizes = sends.map((r) => (r.body as { personalizations: unknown[] }).personalizations.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(sizes.reduce((x, y) => x + y, 0)).toBe(1001);
    // One personalization per recipient, carrying the recipient's id.
    const rows = await listRecipients(t.db, id);
    const byAddress = new Map(rows.map((r) => [r.address, r]));
    for (const s of sends) {
      for (const p of (s.body as { personalizations: Array<{ to: Array<{ email: string }>; custom_args: Record<string, string> }> }).personalizations) {
        expect(p.to).toHaveLength(1);
        expect(p.custom_args.broadcast_recipient_id).toBe(byAddress.get(p.to[0]!.email)!.id);
      }
    }
    expect(byAddress.get(addresses[5]!)).toMatchObject({ status: "skipped", reason: "suppressed: bounced" });
    const inbox = (await emails()).filter((m) => m.to[0]!.email.endsWith(addresses[0]!.split("@")[1]!));
    expect(inbox).toHaveLength(1001);
    expect(inbox[0]!.subject).toBe("Doors open at 8");

    const log = await t.db.selectFrom("activity_log").select("summary").where("org_id", "=", t.orgId).where("type", "=", "broadcast.finished").execute();
    expect(log.map((l) => l.summary)).toContain("E-mail via SendGrid “Doors open at 8” to 1002 recipients: 1001 sent, 1 skipped, 0 failed.");
    const figures = Object.fromEntries((await connectorPage(t.db, t.orgId, (await loadConnector("sendgrid"))!)).activity!.figures.map((f) => [f.label, f.value]));
    expect(figures["Not sent (suppressed)"]).toBeGreaterThanOrEqual(1);
  });

  it("rides out a 429 and an outage longer than the call's own retries: every recipient e-mailed exactly once", async () => {
    const addresses = addressesFor(3);
    const { event } = await eventWith(addresses.map((email) => ({ email })));
    await sandbox.control("faults", { provider: "sendgrid", kind: "rate_limit", retryAfterSeconds: 1, times: 1, match: "/v3/mail/send" });
    await sandbox.control("faults", { provider: "sendgrid", kind: "status", status: 503, times: 3, match: "/v3/mail/send" });
    const { id } = await startBroadcast(t.db, who(), event.id, { channel: `${connectionId}:email`, audience: "all", subject: "Update", text: "Room change" });
    await finished(id);
    const failures = await t.db.selectFrom("integration_calls").select("http_status").where("connection_id", "=", connectionId).where("operation", "=", "mail.send").where("http_status", "in", [429, 503]).execute();
    expect(failures.length).toBeGreaterThanOrEqual(4);
    for (const a of addresses) expect((await emails()).filter((m) => m.to[0]!.email === a)).toHaveLength(1);
    expect(await progressOf(t.db, id)).toMatchObject({ sent: 3, failed: 0 });
  });
});

describe("failures no retry can fix", () => {
  it("a request SendGrid refuses fails the batch once, with the reason, and the broadcast still finishes", async () => {
    const addresses = addressesFor(2);
    const { event } = await eventWith(addresses.map((email) => ({ email })));
    await sandbox.control("faults", { provider: "sendgrid", kind: "status", status: 400, times: 1, match: "/v3/mail/send" });
    const before = (await mailSends()).length;
    const { id } = await startBroadcast(t.db, who(), event.id, { channel: `${connectionId}:email`, audience: "all", subject: "Refused", text: "Refused" });
    await finished(id);
    expect(await progressOf(t.db, id)).toMatchObject({ sent: 0, failed: 2 });
    const rows = await listRecipients(t.db, id);
    expect(rows.every((r) => r.status === "failed" && /400/.test(r.reason ?? ""))).toBe(true);
    expect((await mailSends()).length).toBe(before);
  });

  it("a connection disabled mid-broadcast fails the rest with a reason instead of leaving them waiting", async () => {
    const addresses = addressesFor(2);
    const { event, ids } = await eventWith(addresses.map((email) => ({ email })));
    // Written while the connection was on; its batch job runs after it was switched off.
    const id = await createBroadcast(t.db, {
      orgId: t.orgId,
      eventId: event.id,
      connectionId,
      channel: "email",
      audience: "all",
      subject: "Late",
      text: "Late",
      createdBy: owner.userId,
      recipients: addresses.map((address, i) => ({ attendeeId: ids[i]!, name: `Guest ${i}`, address })),
    });
    await setEnabled(t.db, t.orgId, "sendgrid", false);
    try {
      await enqueueBatch(t.db, id);
      await finished(id);
      const rows = await listRecipients(t.db, id);
      expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
      expect(rows[0]!.reason).toMatch(/connection was disabled/);
    } finally {
      await setEnabled(t.db, t.orgId, "sendgrid", true);
    }
  });
});

describe("delivery statuses", () => {
  it("applies the Event Webhook's signed statuses per recipient, a late lesser one never overwriting a later one", async () => {
    const [opener, bouncer] = addressesFor(2);
    const { event } = await eventWith([{ email: opener! }, { email: bouncer! }]);
    const { id } = await startBroadcast(t.db, who(), event.id, { channel: `${connectionId}:email`, audience: "all", subject: "Hello", text: "Hi" });
    await finished(id);
    const row = async (email: string) => (await listRecipients(t.db, id)).find((r) => r.address === email)!;
    // Opened first, delivered after: the open stands.
    await sandbox.control("sendgrid/events", { to: opener, event: "open" });
    await waitFor(async () => (await row(opener!)).delivery === "opened", { what: "opened", timeoutMs: 15_000 });
    await sandbox.control("sendgrid/events", { to: opener, event: "delivered" });
    await sandbox.control("sendgrid/events", { to: bouncer, event: "bounce" });
    await waitFor(async () => (await row(bouncer!)).delivery === "bounced", { what: "bounced", timeoutMs: 15_000 });
    await waitFor(async () => {
      const processed = await t.db.selectFrom("webhook_events").select("status").where("provider", "=", "sendgrid").where("connection_id", "=", connectionId).execute();
      return processed.every((p) => p.status === "processed" || p.status === "ignored");
    }, { what: "every callback processed", timeoutMs: 15_000 });
    expect(await row(opener!)).toMatchObject({ delivery: "opened" });
    expect((await row(bouncer!)).delivery_detail).toMatch(/does not exist/);
  });

  it("applies a status only to a recipient of a broadcast sent through that connection", async () => {
    const [only] = addressesFor(1);
    const { event } = await eventWith([{ email: only! }]);
    const { id } = await startBroadcast(t.db, who(), event.id, { channel: `${connectionId}:email`, audience: "all", subject: "Hello", text: "Hi" });
    await finished(id);
    const [r] = await listRecipients(t.db, id);
    expect(await recordRecipientDelivery(t.db, { connectionId: "00000000-0000-0000-0000-000000000000", recipientId: r!.id, delivery: "delivered" })).toBe(false);
    expect(await recordRecipientDelivery(t.db, { connectionId, recipientId: "not-a-uuid", delivery: "delivered" })).toBe(false);
    expect(await recordRecipientDelivery(t.db, { connectionId, recipientId: r!.id, delivery: "delivered" })).toBe(true);
    expect(await recordRecipientDelivery(t.db, { connectionId, recipientId: r!.id, delivery: "processed" })).toBe(false);
    expect((await listRecipients(t.db, id))[0]!.delivery).toBe("delivered");
  });
});
