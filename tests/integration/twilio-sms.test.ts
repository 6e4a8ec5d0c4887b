// Twilio SMS end to end against the sandbox and a real worker: the confirmation
// texted once per order, a 429 or an outage never failing the registration,
// signed status callbacks applied in any order, and STOP/START honoured.
import twilio from "twilio";
import { beforeAll, describe, expect, it } from "vitest";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { loadDomainEvent } from "@/lib/jobs/tasks";
import { appKeyring } from "@/lib/vault/app-keyring";
import { updateSettings } from "@/lib/integrations/connections/service";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { receiveWebhook } from "@/lib/webhooks/inbound/receive";
import { smsForAttendees } from "@/lib/sms/store";
import { makePublishedEvent } from "../helpers/fixtures";
import { useTwilioConnection } from "../helpers/twilio-connection";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const harness = useIntegrationHarness();
const { t, sandbox } = harness;

const ACCOUNT = "AC0000000000000000000000000000c001";
const TOKEN = "fake0auth0token0for0sandbox00c01";
const conn = useTwilioConnection(harness, { sid: ACCOUNT, authToken: TOKEN });
let sender: string;

interface Sms {
  sid: string;
  direction: string;
  from: string;
  to: string;
  body: string;
  status: string;
}
const sandboxSms = async (to: string): Promise<Sms[]> => ((await sandbox.inbox()).twilio.messages as Sms[]).filter((m) => m.to === to && m.direction === "outbound-api");
const callbackUrl = () => conn.callbackUrl();

async function register(phone: string | undefined, smsConsent: boolean, email = `guest${Math.random().toString(36).slice(2, 8)}@example.com`) {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
  return registerFree(t.db, event.slug, { name: "Guest", email, ticketTypeId: ticketType.id, quantity: 1, ...(phone ? { phone } : {}), ...(smsConsent ? { smsConsent: "on" } : {}) });
}

async function factOf(orderId: string) {
  const row = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", orderId).where("type", "=", "registration.created").executeTakeFirstOrThrow();
  return (await loadDomainEvent(t.db, row.id))!;
}

async function twilioCtx() {
  const connector = (await loadConnector("twilio"))!;
  return { connector, ctx: await connectorContext(t.db, appKeyring(), connector, (await findConnection(t.db, t.orgId, "twilio"))!) };
}

/** Posts a callback as Twilio would, signed with `token` over `signedUrl`. */
async function postCallback(params: Record<string, string>, opts: { token?: string; signedUrl?: string; signature?: string } = {}) {
  const signature = opts.signature ?? twilio.getExpectedTwilioSignature(opts.token ?? TOKEN, opts.signedUrl ?? callbackUrl(), params);
  return fetch(callbackUrl(), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(params).toString() });
}

const storedCallbacks = async (sid: string) => t.db.selectFrom("webhook_events").select(["external_id", "status"]).where("provider", "=", "twilio").where("external_id", "like", `${sid}:%`).execute();
const smsRow = (sid: string) => t.db.selectFrom("sms_messages").selectAll().where("sid", "=", sid).executeTakeFirst();

beforeAll(async () => {
  sender = conn.numbers[0]!;
  await updateSettings(t.db, t.orgId, "twilio", { sender, sendConfirmations: true });
});

describe("SMS confirmation", () => {
  it("texts the consented number once, follows its status to delivered, and a retried delivery sends no second SMS", async () => {
    const phone = "+41446681801";
    const { order, attendees } = await register("+41 44 668 18 01", true);
    const [sms] = await waitFor(async () => (await sandboxSms(phone)).length === 1 && sandboxSms(phone), { what: "the confirmation SMS", timeoutMs: 15_000 });
    expect(sms).toMatchObject({ from: sender, to: phone });
    expect(sms!.body).toMatch(/^You're registered for .+: 1 ticket, .+ Reply STOP to opt out\.$/);
    // The sandbox's signed callbacks reach the webhook route and move the message to delivered.
    const row = await waitFor(async () => {
      const r = await smsRow(sms!.sid);
      return r?.status === "delivered" && r;
    }, { what: "the delivered status", timeoutMs: 15_000 });
    expect(row).toMatchObject({ attendee_id: attendees[0]!.id, direction: "outbound", to_number: phone, from_number: sender, error_code: null });

    // The delivery runs again (a retry after a crash), even with its order-level marker gone.
    const { connector, ctx } = await twilioCtx();
    const fact = await factOf(order.id);
    await connector.handlers["registration.created"]!(fact as never, ctx);
    await t.db.deleteFrom("external_objects").where("kind", "=", "twilio_confirmation").where("local_id", "=", fact.id).execute();
    await connector.handlers["registration.created"]!(fact as never, ctx);
    expect(await sandboxSms(phone)).toHaveLength(1);
  });

  it("puts an online event's join link right after the event page's, and none for an event held in a place", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    await t.db.updateTable("events").set({ online: true, meeting_url: "https://meet.example.test/j/4155550100" }).where("id", "=", event.id).execute();
    await registerFree(t.db, event.slug, { name: "Guest", email: "online.sms@example.com", ticketTypeId: ticketType.id, quantity: 1, phone: "+41 44 668 18 09", smsConsent: "on" });
    const [sms] = await waitFor(async () => (await sandboxSms("+41446681809")).length === 1 && sandboxSms("+41446681809"), { what: "the online event's SMS", timeoutMs: 15_000 });
    expect(sms!.body).toMatch(/ http:\/\/\S+\/e\/\S+ Join online: https:\/\/meet\.example\.test\/j\/4155550100 Reply STOP to opt out\.$/);
    await register("+41 44 668 18 10", true);
    const [plain] = await waitFor(async () => (await sandboxSms("+41446681810")).length === 1 && sandboxSms("+41446681810"), { what: "the in-person event's SMS", timeoutMs: 15_000 });
    expect(plain!.body).not.toContain("Join online");
  });

  it("texts nobody who did not tick the box", async () => {
    const { order } = await register("+41 44 668 18 02", false);
    await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").innerJoin("domain_events", "domain_events.id", "subscriber_deliveries.domain_event_id").select("subscriber_deliveries.status").where("domain_events.aggregate_id", "=", order.id).where("subscriber", "like", `%${conn.connectionId}`).executeTakeFirst();
      return d?.status === "succeeded";
    }, { what: "the delivery", timeoutMs: 15_000 });
    expect(await sandboxSms("+41446681802")).toHaveLength(0);
  });

  it("rides out a 429 with Retry-After: the registration stands and one SMS goes once Twilio accepts", async () => {
    await sandbox.control("faults", { provider: "twilio", kind: "rate_limit", retryAfterSeconds: 1, times: 2, match: "/Messages.json" });
    const { order } = await register("+41 44 668 18 03", true);
    expect(order.status).toBe("paid");
    await waitFor(async () => (await sandboxSms("+41446681803")).length === 1, { what: "the SMS after the 429s", timeoutMs: 20_000 });
    const limited = await t.db.selectFrom("integration_calls").select(["http_status"]).where("connection_id", "=", conn.connectionId).where("operation", "=", "messages.create").where("http_status", "=", 429).execute();
    expect(limited.length).toBe(2);
    expect(await sandboxSms("+41446681803")).toHaveLength(1);
  });

  it("during an outage the registration stands and the delivery retries until the SMS goes, once", async () => {
    await sandbox.control("faults", { provider: "twilio", kind: "status", status: 503, times: 3, match: "/Messages.json" });
    const { order } = await register("+41 44 668 18 04", true);
    const retrying = await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").innerJoin("domain_events", "domain_events.id", "subscriber_deliveries.domain_event_id").select(["subscriber_deliveries.status", "subscriber_deliveries.last_error"]).where("domain_events.aggregate_id", "=", order.id).where("subscriber", "like", `%${conn.connectionId}`).executeTakeFirst();
      return d?.status === "retrying" && d;
    }, { what: "the delivery to retry", timeoutMs: 20_000 });
    expect(retrying.last_error).toMatch(/503/);
    expect((await t.db.selectFrom("orders").select("status").where("id", "=", order.id).executeTakeFirstOrThrow()).status).toBe("paid");
    await waitFor(async () => (await sandboxSms("+41446681804")).length === 1, { what: "the SMS after the outage", timeoutMs: 20_000 });
    expect(await sandboxSms("+41446681804")).toHaveLength(1);
  });
});

describe("status callbacks", () => {
  async function sentMessage(phone: string) {
    const { ctx } = await twilioCtx();
    // A message whose callbacks go nowhere, so the test alone sends its statuses.
    const m = await twilioClientSend(ctx, phone);
    await t.db.insertInto("sms_messages").values({ org_id: t.orgId, connection_id: conn.connectionId, direction: "outbound", to_number: phone, body: "x", sid: m, status: "queued", status_rank: 2 }).execute();
    return m;
  }
  async function twilioClientSend(ctx: Awaited<ReturnType<typeof twilioCtx>>["ctx"], phone: string) {
    const { sendSms } = await import("@/lib/integrations/twilio/messaging");
    return (await sendSms(ctx as never, phone, "status test")).sid;
  }
  const status = (sid: string, s: string, extra: Record<string, string> = {}) => ({ AccountSid: ACCOUNT, ApiVersion: "2010-04-01", From: sender, To: "+41446681810", MessageSid: sid, SmsSid: sid, MessageStatus: s, SmsStatus: s, ...extra });

  it("refuses forged, wrongly keyed and wrong-URL signatures with 400 and stores nothing", async () => {
    const sid = await sentMessage("+41446681810");
    const p = status(sid, "delivered");
    expect((await postCallback(p, { signature: "Zm9yZ2VkIHNpZ25hdHVyZQ==" })).status).toBe(400);
    expect((await postCallback(p, { token: "old0auth0token0that0was0rotated0" })).status).toBe(400);
    expect((await postCallback(p, { signedUrl: conn.callbackUrl().replace(/connection=[^&]+/, "connection=00000000-0000-0000-0000-000000000000") })).status).toBe(400);
    expect((await postCallback(p, { signedUrl: "https://elsewhere.example/api/webhooks/twilio" })).status).toBe(400);
    const res = await fetch(callbackUrl(), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(p).toString() });
    expect(res.status).toBe(400);
    // Signed right, but the body changed on the way.
    const sig = twilio.getExpectedTwilioSignature(TOKEN, callbackUrl(), p);
    expect((await postCallback({ ...p, MessageStatus: "failed" }, { signature: sig })).status).toBe(400);
    expect(await storedCallbacks(sid)).toEqual([]);
    expect((await smsRow(sid))!.status).toBe("queued");
  });

  it("checks the signature against the public URL even when the request reached us at an internal address", async () => {
    const sid = await sentMessage("+41446681811");
    const p = status(sid, "sent", { To: "+41446681811" });
    const signature = twilio.getExpectedTwilioSignature(TOKEN, callbackUrl(), p);
    const internal = `http://10.0.0.7:3000/api/webhooks/twilio?connection=${conn.connectionId}`;
    const res = await receiveWebhook(t.db, { provider: "twilio", connectionId: conn.connectionId, rawBody: new URLSearchParams(p).toString(), headers: new Headers({ "x-twilio-signature": signature }), url: internal });
    expect(res).toMatchObject({ status: 200, stored: true });
  });

  it("stores a duplicate once and never lets a late status overwrite a later one", async () => {
    const sid = await sentMessage("+41446681812");
    expect((await postCallback(status(sid, "delivered"))).status).toBe(200);
    const dup = await postCallback(status(sid, "delivered"));
    expect(await dup.json()).toMatchObject({ received: true, duplicate: true });
    expect((await postCallback(status(sid, "sent"))).status).toBe(200);
    await waitFor(async () => {
      const rows = await storedCallbacks(sid);
      return rows.length === 2 && rows.every((r) => r.status === "processed" || r.status === "ignored") && rows;
    }, { what: "both callbacks processed", timeoutMs: 15_000 });
    expect((await storedCallbacks(sid)).map((r) => r.external_id).sort()).toEqual([`${sid}:delivered`, `${sid}:sent`]);
    expect((await smsRow(sid))!.status).toBe("delivered");
    // A final failure with its error code is applied over "sent".
    const sid2 = await sentMessage("+41446681813");
    await postCallback(status(sid2, "sent", { To: "+41446681813" }));
    await postCallback(status(sid2, "undelivered", { To: "+41446681813", ErrorCode: "30003" }));
    await waitFor(async () => (await smsRow(sid2))?.status === "undelivered", { what: "undelivered", timeoutMs: 15_000 });
    expect((await smsRow(sid2))!.error_code).toBe(30003);
  });
});

describe("replies: STOP, START, HELP", () => {
  it("stops texting a number that replied STOP, counts the skip, and texts it again after START", async () => {
    const phone = "+41446681820";
    const first = await register("+41 44 668 18 20", true);
    await waitFor(async () => (await sandboxSms(phone)).length === 1, { what: "the first SMS", timeoutMs: 15_000 });

    await sandbox.control("twilio/inbound", { from: phone, to: sender, body: "Stop", url: callbackUrl() });
    await waitFor(async () => t.db.selectFrom("sms_opt_outs").selectAll().where("phone", "=", phone).executeTakeFirst(), { what: "the opt-out", timeoutMs: 15_000 });
    const reply = await t.db.selectFrom("sms_messages").selectAll().where("direction", "=", "inbound").where("from_number", "=", phone).executeTakeFirstOrThrow();
    expect(reply).toMatchObject({ body: "Stop", attendee_id: first.attendees[0]!.id, to_number: sender });
    // The attendee's page shows the confirmation and the reply.
    const thread = (await smsForAttendees(t.db, t.orgId, [first.attendees[0]!.id])).get(first.attendees[0]!.id)!;
    expect(thread.map((m) => [m.direction, m.body.slice(0, 4)])).toEqual([["outbound", "You'"], ["inbound", "Stop"]]);

    const second = await register("+41 44 668 18 20", true);
    const fact = await factOf(second.order.id);
    const marker = await waitFor(async () => t.db.selectFrom("external_objects").select("data").where("kind", "=", "twilio_confirmation").where("local_id", "=", fact.id).executeTakeFirst(), { what: "the skipped confirmation", timeoutMs: 15_000 });
    expect(marker.data).toEqual({ sent: 0, skippedOptedOut: 1 });
    expect(await sandboxSms(phone)).toHaveLength(1);

    await sandbox.control("twilio/inbound", { from: phone, to: sender, body: "START", url: callbackUrl() });
    await waitFor(async () => !(await t.db.selectFrom("sms_opt_outs").selectAll().where("phone", "=", phone).executeTakeFirst()), { what: "the opt-in", timeoutMs: 15_000 });
    await register("+41 44 668 18 20", true);
    await waitFor(async () => (await sandboxSms(phone)).length === 2, { what: "the SMS after START", timeoutMs: 15_000 });
  });

  it("answers HELP with how to opt out", async () => {
    const phone = "+41446681821";
    await sandbox.control("twilio/inbound", { from: phone, to: sender, body: "help", url: callbackUrl() });
    const [answer] = await waitFor(async () => (await sandboxSms(phone)).length === 1 && sandboxSms(phone), { what: "the HELP answer", timeoutMs: 15_000 });
    expect(answer!.body).toMatch(/Reply STOP to opt out/);
  });
});
