// The phone channels of a broadcast end to end, from the event page's action down
// to the sandbox and back: a voice call is offered only once the event changed
// urgently (here: cancelled), each consented number is called once in the event's
// language, and the calls' signed progress callbacks move each recipient to
// "completed"; a WhatsApp broadcast reaches only numbers inside WhatsApp's
// 24-hour window and counts the others as skipped.
import { beforeAll, describe, expect, it } from "vitest";
import { startBroadcast } from "@/lib/broadcasting/start";
import { listRecipients, progressOf } from "@/lib/broadcasts/records";
import { cancelEvent } from "@/lib/domain/events/service";
import { updateSettings } from "@/lib/integrations/connections/service";
import { addAttendees } from "../helpers/broadcast-audience";
import { makePublishedEvent } from "../helpers/fixtures";
import { useTwilioConnection } from "../helpers/twilio-connection";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const harness = useIntegrationHarness();
const { t, sandbox, owner } = harness;

const ACCOUNT = "AC0000000000000000000000000000d004";
const TOKEN = "fake0auth0token0for0sandbox00d04";
const conn = useTwilioConnection(harness, { sid: ACCOUNT, authToken: TOKEN });
let sender: string;
const who = () => ({ orgId: t.orgId, userId: owner.userId });
const callbackUrl = () => conn.callbackUrl();

const finished = (broadcastId: string) =>
  waitFor(async () => (await t.db.selectFrom("broadcasts").select("status").where("id", "=", broadcastId).executeTakeFirstOrThrow()).status === "done", {
    what: "the broadcast to finish",
    timeoutMs: 30_000,
  });

beforeAll(async () => {
  sender = conn.numbers[0]!;
  await updateSettings(t.db, t.orgId, "twilio", { sender, whatsappSender: sender, sendConfirmations: false });
});

describe("voice broadcast", () => {
  it("is refused until the event changes urgently, then calls each consented number once and follows each call to completed", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    await t.db.updateTable("events").set({ language: "fr-FR" }).where("id", "=", event.id).execute();
    const phones = ["+41446684001", "+41446684002"];
    await addAttendees(t.db, t.orgId, event, ticketType.id, [
      { email: "voice-a@example.test", smsPhone: phones[0] },
      { email: "voice-b@example.test", smsPhone: phones[1] },
      { email: "voice-none@example.test" },
    ]);
    const input = { channel: `${conn.connectionId}:voice`, audience: "all" as const, text: "L'événement est annulé." };
    await expect(startBroadcast(t.db, who(), event.id, input)).rejects.toMatchObject({ fieldErrors: { channel: [expect.stringMatching(/^Voice call via Twilio cannot be used now: /)] } });

    await cancelEvent(t.db, t.orgId, event.id);
    const { id, recipients } = await startBroadcast(t.db, who(), event.id, input);
    expect(recipients).toBe(2);
    await finished(id);
    expect(await progressOf(t.db, id)).toMatchObject({ total: 2, sent: 2, skipped: 0, failed: 0 });

    const calls = ((await sandbox.inbox()).twilio.calls as Array<{ sid: string; to: string; from: string; spoken: Array<{ language: string | null; text: string }> }>).filter((c) => phones.includes(c.to));
    expect(calls.map((c) => c.to).sort()).toEqual(phones);
    for (const c of calls) {
      expect(c.from).toBe(sender);
      expect(c.spoken.map((s) => s.language)).toEqual(c.spoken.map(() => "fr-FR"));
      expect(c.spoken.map((s) => s.text)).toContain("L'événement est annulé.");
    }
    const rows = await waitFor(async () => {
      const r = await listRecipients(t.db, id);
      return r.every((x) => x.delivery === "completed") && r;
    }, { what: "both recipients completed from the calls' callbacks", timeoutMs: 20_000 });
    expect(rows.map((r) => r.address).sort()).toEqual(phones);
  });
});

describe("WhatsApp broadcast", () => {
  it("writes free-form only to numbers that wrote within 24 hours, and skips and counts the others", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const [recent, silent] = ["+41446685001", "+41446685002"];
    await addAttendees(t.db, t.orgId, event, ticketType.id, [
      { email: "wa-recent@example.test", smsPhone: recent },
      { email: "wa-silent@example.test", smsPhone: silent },
    ]);
    await sandbox.control("twilio/inbound", { from: `whatsapp:${recent}`, to: `whatsapp:${sender}`, body: "Is there parking?", url: callbackUrl() });
    await waitFor(async () => t.db.selectFrom("sms_messages").selectAll().where("direction", "=", "inbound").where("channel", "=", "whatsapp").where("from_number", "=", recent!).executeTakeFirst(), {
      what: "the WhatsApp message stored",
      timeoutMs: 15_000,
    });

    const { id } = await startBroadcast(t.db, who(), event.id, { channel: `${conn.connectionId}:whatsapp`, audience: "all", text: "Parking is behind Hall 2." });
    await finished(id);
    expect(await progressOf(t.db, id)).toMatchObject({ total: 2, sent: 1, skipped: 1, failed: 0 });
    const rows = await listRecipients(t.db, id);
    expect(rows.find((r) => r.address === silent)).toMatchObject({ status: "skipped", reason: expect.stringContaining("24-hour window") });
    const sent = ((await sandbox.inbox()).twilio.messages as Array<{ to: string; body: string; direction: string }>).filter((m) => m.direction === "outbound-api" && m.body === "Parking is behind Hall 2.");
    expect(sent.map((m) => m.to)).toEqual([`whatsapp:${recent}`]);
  });
});
