// Twilio voice calls about an urgent change, against the sandbox and the real
// webhook route: the call placed from the caller number with the SDK's TwiML in the
// event's language, its signed progress callbacks applied in any order and stored
// once, forged ones refused; opted-out numbers skipped; a 429 ridden out without
// a second call.
import twilio from "twilio";
import { beforeAll, describe, expect, it } from "vitest";
import type { BroadcastChannel, BroadcastMessage, BroadcastRecipient } from "@/lib/integrations/contract/broadcast";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { appKeyring } from "@/lib/vault/app-keyring";
import { updateSettings } from "@/lib/integrations/connections/service";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { optOut } from "@/lib/sms/store";
import { callsForAttendees } from "@/lib/voice/store";
import { makePublishedEvent } from "../helpers/fixtures";
import { useTwilioConnection } from "../helpers/twilio-connection";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const harness = useIntegrationHarness();
const { t, sandbox } = harness;

const ACCOUNT = "AC0000000000000000000000000000c003";
const TOKEN = "fake0auth0token0for0sandbox00c03";
const conn = useTwilioConnection(harness, { sid: ACCOUNT, authToken: TOKEN });
let numbers: string[];
let service: string;

interface SandboxCall {
  sid: string;
  from: string;
  to: string;
  status: string;
  spoken: Array<{ language: string | null; text: string }>;
  twiml: string;
}
const sandboxCalls = async (to: string): Promise<SandboxCall[]> => ((await sandbox.inbox()).twilio.calls as SandboxCall[]).filter((c) => c.to === to);
const callbackUrl = () => conn.callbackUrl();
const callRow = (sid: string) => t.db.selectFrom("voice_calls").selectAll().where("sid", "=", sid).executeTakeFirst();
const storedCallbacks = async (sid: string) => t.db.selectFrom("webhook_events").select(["external_id", "status"]).where("provider", "=", "twilio").where("external_id", "like", `${sid}:%`).execute();

async function voice() {
  const connector = (await loadConnector("twilio"))!;
  const ctx = await connectorContext(t.db, appKeyring(), connector, (await findConnection(t.db, t.orgId, "twilio"))!);
  const channel = (connector.broadcast as ReadonlyArray<BroadcastChannel<unknown>>).find((c) => c.id === "voice")!;
  return { channel, ctx };
}

let recipientNo = 0;
/** An attendee who agreed to be contacted at `phone`, as a broadcast recipient row would name them. */
async function recipient(phone: string): Promise<BroadcastRecipient> {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
  const { attendees } = await registerFree(t.db, event.slug, { name: "Guest", email: `voice${++recipientNo}@example.com`, ticketTypeId: ticketType.id, quantity: 1, phone, smsConsent: "on" });
  return { id: crypto.randomUUID(), attendeeId: attendees[0]!.id, name: "Guest", address: attendees[0]!.sms_phone! };
}

const message = (language = "de-DE"): BroadcastMessage => ({
  broadcastId: crypto.randomUUID(),
  subject: "",
  text: "Heute fällt die Veranstaltung aus <wegen Sturm> & Regen.",
  language,
  event: { id: crypto.randomUUID(), title: "Sommerfest", startsAt: "2030-06-01T16:00:00.000Z", timeZone: "Europe/Zurich", url: "https://events.example/e/sommerfest" },
});

async function postCallback(params: Record<string, string>, opts: { token?: string; signedUrl?: string; signature?: string } = {}) {
  const signature = opts.signature ?? twilio.getExpectedTwilioSignature(opts.token ?? TOKEN, opts.signedUrl ?? callbackUrl(), params);
  return fetch(callbackUrl(), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(params).toString() });
}

beforeAll(async () => {
  numbers = conn.numbers;
  service = conn.services[0]!;
  await updateSettings(t.db, t.orgId, "twilio", { sender: numbers[0], sendConfirmations: false });
});

describe("voice channel", () => {
  it("calls from the sender number, says the message in the event's language through escaped TwiML, and follows the call to completed", async () => {
    const r = await recipient("+41 44 668 30 01");
    const { channel, ctx } = await voice();
    expect(channel).toMatchObject({ address: "phone", batchSize: 1, when: "urgent", subject: false });
    const [outcome] = await channel.sendBatch(ctx, message(), [r]);
    expect(outcome).toMatchObject({ recipientId: r.id, status: "sent" });
    const sid = (outcome as { providerRef: string }).providerRef;
    expect(sid).toMatch(/^CA[0-9a-f]{32}$/);
    const [call] = await sandboxCalls("+41446683001");
    expect(call).toMatchObject({ sid, from: numbers[0] });
    expect(call!.spoken).toEqual([
      { language: "de-DE", text: "Sommerfest" },
      { language: "de-DE", text: "Heute fällt die Veranstaltung aus <wegen Sturm> & Regen." },
    ]);
    expect(call!.twiml).toContain("&lt;wegen Sturm&gt; &amp; Regen.");
    const row = await waitFor(async () => {
      const x = await callRow(sid);
      return x?.status === "completed" && x;
    }, { what: "the completed call", timeoutMs: 15_000 });
    expect(row).toMatchObject({ attendee_id: r.attendeeId, to_number: "+41446683001", from_number: numbers[0], duration_seconds: 14, ref: r.id });
    const shown = (await callsForAttendees(t.db, t.orgId, [r.attendeeId])).get(r.attendeeId)!;
    expect(shown).toEqual([expect.objectContaining({ status: "completed", durationSeconds: 14, message: message().text })]);
    expect((await storedCallbacks(sid)).map((x) => x.external_id).sort()).toEqual(["completed", "in-progress", "initiated", "ringing"].map((s) => `${sid}:${s}`));

    // The same batch again (a retry after a crash) places no second call.
    const again = await channel.sendBatch(ctx, message(), [r]);
    expect(again).toEqual([{ recipientId: r.id, status: "sent", providerRef: sid }]);
    expect(await sandboxCalls("+41446683001")).toHaveLength(1);
  });

  it("speaks a bare language in its usual region, calls from the chosen caller, and is not offered without a number to call from", async () => {
    await updateSettings(t.db, t.orgId, "twilio", { sender: service, caller: numbers[1], sendConfirmations: false });
    try {
      const r = await recipient("+41 44 668 30 02");
      const { channel, ctx } = await voice();
      expect(channel.canSend!(ctx)).toBe(true);
      await channel.sendBatch(ctx, message("fr"), [r]);
      const [call] = await sandboxCalls("+41446683002");
      expect(call).toMatchObject({ from: numbers[1] });
      expect(call!.spoken.map((s) => s.language)).toEqual(["fr-FR", "fr-FR"]);
      await updateSettings(t.db, t.orgId, "twilio", { sender: service, sendConfirmations: false });
      const without = await voice();
      expect(without.channel.canSend!(without.ctx)).toBe(false);
    } finally {
      await updateSettings(t.db, t.orgId, "twilio", { sender: numbers[0], sendConfirmations: false });
    }
  });

  it("skips a number that replied STOP with its reason, and records a busy line as busy", async () => {
    const stopped = await recipient("+41 44 668 30 03");
    const busy = await recipient("+41 44 668 30 04");
    await optOut(t.db, t.orgId, "+41446683003", "STOP");
    await sandbox.control("twilio/call-fault", { status: "busy", to: "+41446683004" });
    const { channel, ctx } = await voice();
    const outcomes = [...(await channel.sendBatch(ctx, message(), [stopped])), ...(await channel.sendBatch(ctx, message(), [busy]))];
    expect(outcomes[0]).toEqual({ recipientId: stopped.id, status: "skipped", reason: "opted out (replied STOP)" });
    expect(outcomes[1]).toMatchObject({ recipientId: busy.id, status: "sent" });
    expect(await sandboxCalls("+41446683003")).toEqual([]);
    await waitFor(async () => (await callRow((outcomes[1] as { providerRef: string }).providerRef))?.status === "busy", { what: "the busy status", timeoutMs: 15_000 });
  });

  it("rides out a 429 from Twilio and places one call", async () => {
    const r = await recipient("+41 44 668 30 05");
    await sandbox.control("faults", { provider: "twilio", kind: "rate_limit", retryAfterSeconds: 1, times: 1, match: "/Calls.json" });
    const { channel, ctx } = await voice();
    const outcomes = await channel.sendBatch(ctx, message(), [r]).catch(() => channel.sendBatch(ctx, message(), [r]));
    expect(outcomes).toEqual([expect.objectContaining({ recipientId: r.id, status: "sent" })]);
    const limited = await t.db.selectFrom("integration_calls").select("id").where("connection_id", "=", conn.connectionId).where("operation", "=", "calls.create").where("http_status", "=", 429).execute();
    expect(limited).toHaveLength(1);
    expect(await sandboxCalls("+41446683005")).toHaveLength(1);
  });

  it("reports a number Twilio refuses as failed for that recipient alone", async () => {
    const { channel, ctx } = await voice();
    const [outcome] = await channel.sendBatch(ctx, message(), [{ id: crypto.randomUUID(), attendeeId: (await recipient("+41 44 668 30 06")).attendeeId, name: "Guest", address: "+1" }]);
    expect(outcome).toMatchObject({ status: "failed", reason: expect.stringMatching(/21211/) });
  });
});

describe("call status callbacks", () => {
  /** A call row whose callbacks only the test sends. */
  async function placedCall(): Promise<string> {
    const r = await recipient(`+41 44 668 31 ${String(10 + recipientNo).slice(-2)}`);
    const sid = `CA${crypto.randomUUID().replace(/-/g, "")}`;
    await t.db.insertInto("voice_calls").values({ org_id: t.orgId, connection_id: conn.connectionId, attendee_id: r.attendeeId, ref: r.id, to_number: r.address, from_number: numbers[0]!, message: "m", twiml: "<Response/>", sid, status: "queued", status_rank: 1 }).execute();
    return sid;
  }
  const status = (sid: string, s: string, extra: Record<string, string> = {}) => ({ AccountSid: ACCOUNT, ApiVersion: "2010-04-01", CallSid: sid, CallStatus: s, From: numbers[0]!, To: "+41446683110", Direction: "outbound-api", ...extra });

  it("refuses forged, wrongly keyed, wrong-URL and altered callbacks with 400 and stores nothing", async () => {
    const sid = await placedCall();
    const p = status(sid, "completed", { CallDuration: "9" });
    expect((await postCallback(p, { signature: "Zm9yZ2VkIHNpZ25hdHVyZQ==" })).status).toBe(400);
    expect((await postCallback(p, { token: "old0auth0token0that0was0rotated0" })).status).toBe(400);
    expect((await postCallback(p, { signedUrl: "https://elsewhere.example/api/webhooks/twilio" })).status).toBe(400);
    const sig = twilio.getExpectedTwilioSignature(TOKEN, callbackUrl(), p);
    expect((await postCallback({ ...p, CallStatus: "busy" }, { signature: sig })).status).toBe(400);
    expect((await postCallback({ ...p, AccountSid: "AC0000000000000000000000000000dead" })).status).toBe(400);
    expect(await storedCallbacks(sid)).toEqual([]);
    expect((await callRow(sid))!.status).toBe("queued");
  });

  it("stores a duplicate once and applies statuses by rank, whatever order they arrive in", async () => {
    const sid = await placedCall();
    expect((await postCallback(status(sid, "completed", { CallDuration: "21" }))).status).toBe(200);
    expect(await (await postCallback(status(sid, "completed", { CallDuration: "21" }))).json()).toMatchObject({ received: true, duplicate: true });
    expect((await postCallback(status(sid, "ringing"))).status).toBe(200);
    expect((await postCallback(status(sid, "in-progress"))).status).toBe(200);
    await waitFor(async () => {
      const rows = await storedCallbacks(sid);
      return rows.length === 3 && rows.every((r) => r.status === "processed" || r.status === "ignored");
    }, { what: "the three callbacks processed", timeoutMs: 15_000 });
    expect(await callRow(sid)).toMatchObject({ status: "completed", duration_seconds: 21 });
  });
});
