// Twilio reminders against the sandbox: an event.reminder fact texted to the
// attendee's consented number once however often its delivery runs, never to a
// number that replied STOP, and not at all with "Text reminders" off.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { loadDomainEvent } from "@/lib/jobs/tasks";
import { appKeyring } from "@/lib/vault/app-keyring";
import { connectWithApiKey, updateSettings } from "@/lib/integrations/connections/service";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { optOut } from "@/lib/sms/store";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";

const { t, sandbox, owner } = useIntegrationHarness();

const ACCOUNT = "AC0000000000000000000000000000c002";
const TOKEN = "fake0auth0token0for0sandbox00c02";
let sender: string;

interface Sms {
  direction: string;
  from: string;
  to: string;
  body: string;
}
const sandboxSms = async (to: string): Promise<Sms[]> => ((await sandbox.inbox()).twilio.messages as Sms[]).filter((m) => m.to === to && m.direction === "outbound-api");
const reminders = async (to: string) => (await sandboxSms(to)).filter((m) => m.body.startsWith("Reminder:"));

/** A registered attendee's reminder fact, as lib/domain/reminders records it. */
async function reminderFor(phone: string): Promise<DomainEvent<"event.reminder">> {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
  const { order } = await registerFree(t.db, event.slug, { name: "Guest", email: `guest${randomUUID().slice(0, 6)}@example.com`, ticketTypeId: ticketType.id, quantity: 1, phone, smsConsent: "on" });
  const row = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", order.id).where("type", "=", "registration.created").executeTakeFirstOrThrow();
  const created = (await loadDomainEvent(t.db, row.id)) as DomainEvent<"registration.created">;
  const { event: ev, attendees } = created.payload;
  return {
    id: randomUUID(),
    orgId: t.orgId,
    type: "event.reminder",
    version: 1,
    occurredAt: new Date(),
    payload: { event: ev, attendee: attendees[0]!, reminder: { offsetMinutes: 60, dueAt: new Date(Date.parse(ev.startsAt) - 3_600_000).toISOString() } },
  };
}

const limitedCalls = async () =>
  (await t.db.selectFrom("integration_calls").select("id").where("operation", "=", "messages.create").where("http_status", "=", 429).execute()).length;

async function remind(fact: DomainEvent<"event.reminder">) {
  const connector = (await loadConnector("twilio"))!;
  const ctx = await connectorContext(t.db, appKeyring(), connector, (await findConnection(t.db, t.orgId, "twilio"))!);
  await connector.handlers["event.reminder"]!(fact as never, ctx);
}

beforeAll(async () => {
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "twilio", mode: "sandbox", fields: { accountSid: ACCOUNT, authToken: TOKEN } });
  const accounts = (await sandbox.control("twilio/accounts", undefined, "GET")) as Array<{ sid: string; numbers: Array<{ phoneNumber: string }> }>;
  sender = accounts.find((a) => a.sid === ACCOUNT)!.numbers[0]!.phoneNumber;
  // Confirmations off, so every SMS in these tests is a reminder.
  await updateSettings(t.db, t.orgId, "twilio", { sender, sendConfirmations: false });
});

describe("SMS reminders", () => {
  it("texts the reminder to the consented number once, however often the delivery runs", async () => {
    const phone = "+41446682001";
    const fact = await reminderFor(phone);
    await remind(fact);
    await remind(fact);
    const sent = await reminders(phone);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: sender, to: phone });
    expect(sent[0]!.body).toMatch(/^Reminder: .+ starts in 1 hour, .+ Reply STOP to opt out\.$/);
    const row = await t.db.selectFrom("sms_messages").selectAll().where("domain_event_id", "=", fact.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attendee_id: fact.payload.attendee.id, direction: "outbound", to_number: phone });
    expect(row.sid).toMatch(/^SM/);
  });

  it("skips a number that replied STOP", async () => {
    const phone = "+41446682002";
    const fact = await reminderFor(phone);
    await optOut(t.db, t.orgId, phone, "STOP");
    await remind(fact);
    expect(await reminders(phone)).toHaveLength(0);
    expect(await t.db.selectFrom("sms_messages").select("id").where("domain_event_id", "=", fact.id).execute()).toEqual([]);
  });

  it("texts no reminder with the setting off", async () => {
    const phone = "+41446682003";
    const fact = await reminderFor(phone);
    await updateSettings(t.db, t.orgId, "twilio", { sender, sendConfirmations: false, sendReminders: false });
    try {
      await remind(fact);
    } finally {
      await updateSettings(t.db, t.orgId, "twilio", { sender, sendConfirmations: false, sendReminders: true });
    }
    expect(await reminders(phone)).toHaveLength(0);
  });

  it("rides out a 429 from Twilio: the reminder goes once", async () => {
    const phone = "+41446682004";
    const fact = await reminderFor(phone);
    await sandbox.control("faults", { provider: "twilio", kind: "rate_limit", retryAfterSeconds: 1, times: 1, match: "/Messages.json" });
    const before = await limitedCalls();
    await remind(fact).catch(() => remind(fact));
    expect(await limitedCalls()).toBe(before + 1);
    expect(await reminders(phone)).toHaveLength(1);
  });
});
