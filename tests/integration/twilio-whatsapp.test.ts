// WhatsApp through Twilio against the sandbox and the real webhook route: the
// confirmation and the reminder as approved templates, once per fact and number;
// free-form bulk text only inside the 24-hour window a person's own message opens;
// inbound messages stored on the attendee; STOP on WhatsApp honoured.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import type { BroadcastChannel, BroadcastMessage, BroadcastRecipient } from "@/lib/integrations/contract/broadcast";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { loadDomainEvent } from "@/lib/jobs/tasks";
import { appKeyring } from "@/lib/vault/app-keyring";
import { updateSettings } from "@/lib/integrations/connections/service";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { smsForAttendees } from "@/lib/sms/store";
import { makePublishedEvent } from "../helpers/fixtures";
import { useTwilioConnection } from "../helpers/twilio-connection";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const harness = useIntegrationHarness();
const { t, sandbox } = harness;

const ACCOUNT = "AC0000000000000000000000000000c004";
const TOKEN = "fake0auth0token0for0sandbox00c04";
const conn = useTwilioConnection(harness, { sid: ACCOUNT, authToken: TOKEN });
let numbers: string[];
let templates: Array<{ value: string; label: string }>;
let settings: Record<string, unknown>;

interface Msg {
  sid: string;
  channel: string;
  direction: string;
  from: string;
  to: string;
  body: string;
  status: string;
  contentSid: string | null;
}
const whatsappTo = async (phone: string): Promise<Msg[]> => ((await sandbox.inbox()).twilio.messages as Msg[]).filter((m) => m.to === `whatsapp:${phone}` && m.direction === "outbound-api");
const callbackUrl = () => conn.callbackUrl();

async function twilioCtx() {
  const connector = (await loadConnector("twilio"))!;
  return { connector, ctx: await connectorContext(t.db, appKeyring(), connector, (await findConnection(t.db, t.orgId, "twilio"))!) };
}

let guestNo = 0;
async function register(phone: string) {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
  const { order, attendees } = await registerFree(t.db, event.slug, { name: `Guest ${++guestNo}`, email: `wa${guestNo}@example.com`, ticketTypeId: ticketType.id, quantity: 1, phone, smsConsent: "on" });
  const row = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", order.id).where("type", "=", "registration.created").executeTakeFirstOrThrow();
  return { attendee: attendees[0]!, fact: (await loadDomainEvent(t.db, row.id)) as DomainEvent<"registration.created"> };
}

const message: BroadcastMessage = {
  broadcastId: randomUUID(),
  subject: "",
  text: "Doors open at 18:00 <sharp> & bring your ticket.",
  language: "en",
  event: { id: randomUUID(), title: "Launch", startsAt: "2030-06-01T16:00:00.000Z", timeZone: "Europe/Zurich", url: "https://events.example/e/launch" },
};

beforeAll(async () => {
  numbers = conn.numbers;
  const { connector, ctx } = await twilioCtx();
  templates = await connector.fieldOptions!.whatsappConfirmationTemplate!(ctx);
  settings = { sender: numbers[0], sendConfirmations: false, sendReminders: false, whatsappSender: numbers[1], whatsappConfirmationTemplate: templates[0]!.value, whatsappReminderTemplate: templates[1]!.value };
  await updateSettings(t.db, t.orgId, "twilio", settings);
});

describe("WhatsApp settings", () => {
  it("offers the account's content templates and its numbers as WhatsApp senders", async () => {
    expect(templates.map((x) => x.label)).toEqual(["registration_confirmation (en)", "event_reminder (en)", "anmeldebestaetigung (de)"]);
    const { connector, ctx } = await twilioCtx();
    expect((await connector.fieldOptions!.whatsappSender!(ctx)).map((c) => c.value)).toEqual(numbers);
    expect((await connector.fieldOptions!.caller!(ctx)).map((c) => c.value)).toEqual(numbers);
  });

  it("refuses a template that is not a content SID, naming the field", async () => {
    await expect(updateSettings(t.db, t.orgId, "twilio", { ...settings, whatsappReminderTemplate: "reminder" })).rejects.toMatchObject({
      fieldErrors: { whatsappReminderTemplate: [expect.stringMatching(/approved WhatsApp templates/)] },
    });
  });
});

describe("WhatsApp templates", () => {
  it("sends the confirmation template once per fact and number, with the numbered variables, from the WhatsApp sender", async () => {
    const phone = "+41446684001";
    const { attendee, fact } = await register("+41 44 668 40 01");
    const [sent] = await waitFor(async () => (await whatsappTo(phone)).length === 1 && whatsappTo(phone), { what: "the WhatsApp confirmation", timeoutMs: 15_000 });
    expect(sent).toMatchObject({ from: `whatsapp:${numbers[1]}`, contentSid: templates[0]!.value, channel: "whatsapp" });
    expect(sent!.body).toMatch(new RegExp(`^Hi ${attendee.name}, you're registered for ${fact.payload.event.title} on .+ \\(.+\\)\\. Details: ${fact.payload.event.url}$`));
    // The worker's attempt records Twilio's answer after the sandbox shows the message; a retry comes after that.
    const row = await waitFor(async () => {
      const r = await t.db.selectFrom("sms_messages").selectAll().where("sid", "=", sent!.sid).executeTakeFirst();
      return r?.status === "delivered" && r;
    }, { what: "the delivered status", timeoutMs: 15_000 });
    // The delivery runs again: no second message.
    const { connector, ctx } = await twilioCtx();
    await connector.handlers["registration.created"]!(fact as never, ctx);
    expect(await whatsappTo(phone)).toHaveLength(1);
    expect(row).toMatchObject({ channel: "whatsapp", to_number: phone, from_number: numbers[1], attendee_id: attendee.id, domain_event_id: fact.id });
  });

  it("sends the reminder template once per reminder", async () => {
    const phone = "+41446684002";
    const { fact: created } = await register("+41 44 668 40 02");
    await waitFor(async () => (await whatsappTo(phone)).length === 1, { what: "the confirmation", timeoutMs: 15_000 });
    const { event, attendees } = created.payload;
    const reminder: DomainEvent<"event.reminder"> = { id: randomUUID(), orgId: t.orgId, type: "event.reminder", version: 1, occurredAt: new Date(), payload: { event, attendee: attendees[0]!, reminder: { offsetMinutes: 60, dueAt: event.startsAt } } };
    const { connector, ctx } = await twilioCtx();
    await connector.handlers["event.reminder"]!(reminder as never, ctx);
    await connector.handlers["event.reminder"]!(reminder as never, ctx);
    const sent = (await whatsappTo(phone)).filter((m) => m.contentSid === templates[1]!.value);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatch(new RegExp(`^Reminder for ${attendees[0]!.name}: ${event.title} starts `));
  });
});

describe("WhatsApp free-form bulk text and replies", () => {
  async function channel() {
    const { connector, ctx } = await twilioCtx();
    return { wa: (connector.broadcast as ReadonlyArray<BroadcastChannel<unknown>>).find((c) => c.id === "whatsapp")!, ctx };
  }

  it("skips a number outside the 24-hour window, and sends once inside it after the attendee wrote", async () => {
    const phone = "+41446684003";
    const { attendee } = await register("+41 44 668 40 03");
    await waitFor(async () => (await whatsappTo(phone)).length === 1, { what: "the template confirmation", timeoutMs: 15_000 });
    const r: BroadcastRecipient = { id: randomUUID(), attendeeId: attendee.id, name: attendee.name, address: phone };
    const { wa, ctx } = await channel();
    expect(await wa.sendBatch(ctx, message, [r])).toEqual([{ recipientId: r.id, status: "skipped", reason: "outside WhatsApp's 24-hour window" }]);
    expect((await whatsappTo(phone)).filter((m) => !m.contentSid)).toEqual([]);

    await sandbox.control("twilio/inbound", { from: `whatsapp:${phone}`, to: `whatsapp:${numbers[1]}`, body: "Is there parking?", url: callbackUrl() });
    const reply = await waitFor(async () => t.db.selectFrom("sms_messages").selectAll().where("direction", "=", "inbound").where("from_number", "=", phone).executeTakeFirst(), { what: "the stored reply", timeoutMs: 15_000 });
    expect(reply).toMatchObject({ channel: "whatsapp", attendee_id: attendee.id, to_number: numbers[1], body: "Is there parking?" });
    const thread = (await smsForAttendees(t.db, t.orgId, [attendee.id])).get(attendee.id)!;
    expect(thread.map((m) => [m.channel, m.direction])).toEqual([["whatsapp", "outbound"], ["whatsapp", "inbound"]]);

    const [outcome] = await wa.sendBatch(ctx, message, [r]);
    expect(outcome).toMatchObject({ recipientId: r.id, status: "sent", providerRef: expect.stringMatching(/^SM/) });
    expect(await wa.sendBatch(ctx, message, [r])).toEqual([outcome]);
    const free = (await whatsappTo(phone)).filter((m) => !m.contentSid);
    expect(free).toHaveLength(1);
    expect(free[0]!.body).toBe(message.text);
    await waitFor(async () => (await whatsappTo(phone)).find((m) => m.sid === free[0]!.sid)?.status === "delivered", { what: "delivered", timeoutMs: 15_000 });
  });

  it("treats a window older than 24 hours as closed", async () => {
    const phone = "+41446684004";
    const { attendee } = await register("+41 44 668 40 04");
    await t.db.insertInto("sms_messages").values({ org_id: t.orgId, connection_id: conn.connectionId, attendee_id: attendee.id, direction: "inbound", channel: "whatsapp", to_number: numbers[1]!, from_number: phone, body: "old", status: "received", created_at: new Date(Date.now() - 25 * 3_600_000) }).execute();
    const { wa, ctx } = await channel();
    const [outcome] = await wa.sendBatch(ctx, message, [{ id: randomUUID(), attendeeId: attendee.id, name: attendee.name, address: phone }]);
    expect(outcome).toMatchObject({ status: "skipped", reason: "outside WhatsApp's 24-hour window" });
  });

  it("honours STOP sent on WhatsApp: no further template, no bulk text", async () => {
    const phone = "+41446684005";
    const first = await register("+41 44 668 40 05");
    await waitFor(async () => (await whatsappTo(phone)).length === 1, { what: "the first confirmation", timeoutMs: 15_000 });
    await sandbox.control("twilio/inbound", { from: `whatsapp:${phone}`, to: `whatsapp:${numbers[1]}`, body: "STOP", url: callbackUrl() });
    await waitFor(async () => t.db.selectFrom("sms_opt_outs").selectAll().where("phone", "=", phone).executeTakeFirst(), { what: "the opt-out", timeoutMs: 15_000 });
    const { fact } = await register("+41 44 668 40 05");
    const { connector, ctx } = await twilioCtx();
    await connector.handlers["registration.created"]!(fact as never, ctx);
    expect(await whatsappTo(phone)).toHaveLength(1);
    const { wa } = await channel();
    const [outcome] = await wa.sendBatch(ctx, message, [{ id: randomUUID(), attendeeId: first.attendee.id, name: "x", address: phone }]);
    expect(outcome).toMatchObject({ status: "skipped", reason: "opted out (replied STOP)" });
  });
});
