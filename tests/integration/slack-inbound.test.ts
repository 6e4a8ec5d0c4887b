// Slack calling us back at its one Request URL, end to end: the sandbox signs
// events, slash commands and button presses with its app's signing secret and
// posts them to our real webhook route; the worker acts on them. Forged and stale
// signatures are refused with nothing stored, a resent event is stored once, the
// URL check is answered, uninstalling marks the connection, /events answers at
// once, and Check in checks in once, and only this organization's attendees.
import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { addTicketType, createEvent, publishEvent } from "@/lib/domain/events/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { setEnabled, updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { consent } from "../helpers/consent";
import { eventFields, makeOrg } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { insertConnection } from "../helpers/connections";
import { waitFor } from "../helpers/wait";
import { useWebhookRoute } from "../helpers/webhook-route";

const { t, sandbox, owner } = useIntegrationHarness();
const app = useWebhookRoute(t);
let connectionId = "";
const CHANNEL = "C0EVENTS01";
// The sandbox app's signing secret: public, it only opens the emulator.
const SANDBOX_SECRET = "sandbox-slack-signing-secret-0000";

interface Call {
  id: number;
  status: number | null;
  answer: string | null;
  durationMs: number;
}

beforeAll(async () => {

  const slack = (await loadConnector("slack"))!;
  const url = await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: slack, mode: "sandbox" });
  const back = await consent(url);
  const result = await completeAuthorization(t.db, appKeyring(), {
    connector: slack,
    orgId: t.orgId,
    userId: owner.userId,
    state: back.searchParams.get("state"),
    code: back.searchParams.get("code"),
    error: null,
  });
  expect(result.ok).toBe(true);
  connectionId = (await findConnection(t.db, t.orgId, "slack"))!.id;
  await updateSettings(t.db, t.orgId, "slack", { channelId: CHANNEL, postOnRegistration: true, postOnPublish: false, channelPerEvent: false, inviteEmails: "" });
});

const requestUrl = () => `${app.url}/api/webhooks/slack`;

async function storedCount() {
  const r = await t.db.selectFrom("webhook_events").select((eb) => eb.fn.countAll<string>().as("n")).where("provider", "=", "slack").executeTakeFirstOrThrow();
  return Number(r.n);
}

function signed(body: string, contentType: string, opts: { secret?: string; timestamp?: number } = {}) {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = "v0=" + createHmac("sha256", opts.secret ?? SANDBOX_SECRET).update(`v0:${ts}:${body}`).digest("hex");
  return fetch(requestUrl(), { method: "POST", headers: { "content-type": contentType, "x-slack-request-timestamp": String(ts), "x-slack-signature": sig }, body });
}

describe("Slack's Request URL", () => {
  it("answers url_verification with the challenge, and refuses a forged or stale one", async () => {
    // The sandbox's app settings check the URL exactly as Slack's do.
    expect(await sandbox.control("slack/app", { requestUrl: requestUrl() })).toEqual({ requestUrl: requestUrl(), verified: true });
    const body = JSON.stringify({ token: "legacy", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" });
    const ok = await signed(body, "application/json");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    expect((await signed(body, "application/json", { secret: "not-the-signing-secret" })).status).toBe(400);
    expect((await signed(body, "application/json", { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(400);
    // A URL that does not echo the challenge is not saved, as in Slack.
    await expect(sandbox.control("slack/app", { requestUrl: `${app.url}/nowhere` })).rejects.toThrow("didn't respond with the value of the challenge");
    expect((await sandbox.control("slack/app", undefined, "GET")).requestUrl).toBe(requestUrl());
  });

  it("refuses forged and stale signatures (events, commands, button presses) with 400, storing nothing", async () => {
    const before = await storedCount();
    for (const signature of ["forged", "stale"]) {
      const event: Call = await sandbox.control("slack/event", { type: "channel_created", signature });
      const command: Call = await sandbox.control("slack/command", { command: "/events", signature });
      expect({ signature, event: event.status, command: command.status }).toEqual({ signature, event: 400, command: 400 });
      expect(command.answer).toBe(JSON.stringify({ error: "Signature verification failed" }));
    }
    // Validly signed, but for a workspace no organization connected; and a body altered after signing.
    const otherTeam = JSON.stringify({ type: "event_callback", team_id: "T0NOTOURS01", event_id: "Ev0NOTOURS1", event: { type: "app_uninstalled" } });
    expect((await signed(otherTeam, "application/json")).status).toBe(400);
    const ts = Math.floor(Date.now() / 1000);
    const original = JSON.stringify({ type: "event_callback", team_id: "T0SANDBOX1", event_id: "Ev0ALTERED1", event: { type: "channel_created" } });
    const sig = "v0=" + createHmac("sha256", SANDBOX_SECRET).update(`v0:${ts}:${original}`).digest("hex");
    const altered = await fetch(requestUrl(), {
      method: "POST",
      headers: { "content-type": "application/json", "x-slack-request-timestamp": String(ts), "x-slack-signature": sig },
      body: original.replace("channel_created", "app_uninstalled"),
    });
    expect(altered.status).toBe(400);
    expect(await storedCount()).toBe(before);
    expect((await findConnection(t.db, t.orgId, "slack"))!.status).toBe("connected");
  });

  it("verifies a live workspace's requests with SLACK_SIGNING_SECRET, and refuses them while it is unset", async () => {
    const liveOrg = await makeOrg(t.db, "Live Org");
    const live = await insertConnection(t.db, { orgId: liveOrg.id, connectorId: "slack", mode: "live", externalAccountId: "T0LIVE00001", credentials: { accessToken: "xoxb-live-fake-0001", scopes: [] } });
    const liveSecret = "live-app-signing-secret-fake-0001";
    const body = JSON.stringify({ type: "event_callback", team_id: "T0LIVE00001", event_id: "Ev0LIVE00001", event: { type: "channel_created" } });
    delete process.env.SLACK_SIGNING_SECRET;
    expect((await signed(body, "application/json", { secret: liveSecret })).status).toBe(400);
    process.env.SLACK_SIGNING_SECRET = liveSecret;
    try {
      // The sandbox app's secret does not open a live workspace's requests.
      expect((await signed(body, "application/json")).status).toBe(400);
      expect((await signed(body, "application/json", { secret: liveSecret })).status).toBe(200);
    } finally {
      delete process.env.SLACK_SIGNING_SECRET;
    }
    const rows = await t.db.selectFrom("webhook_events").select(["connection_id", "org_id"]).where("external_id", "=", "Ev0LIVE00001").execute();
    expect(rows).toEqual([{ connection_id: live.id, org_id: liveOrg.id }]);
  });

  it("refuses the sandbox app's signature (its secret is public) where the sandbox is off", async () => {
    const before = await storedCount();
    const body = JSON.stringify({ type: "event_callback", team_id: "T0SANDBOX1", event_id: "Ev0SANDOFF01", event: { type: "app_uninstalled" } });
    const saved = process.env.SANDBOX;
    process.env.SANDBOX = "off";
    try {
      expect((await signed(body, "application/json")).status).toBe(400);
    } finally {
      if (saved === undefined) delete process.env.SANDBOX;
      else process.env.SANDBOX = saved;
    }
    expect(await storedCount()).toBe(before);
    expect((await signed(body.replace("app_uninstalled", "channel_created"), "application/json")).status).toBe(200);
  });

  it("stores an event once however often Slack resends it, and processes it once", async () => {
    const eventId = "Ev0RESEND001";
    const calls: Call[] = await Promise.all(Array.from({ length: 5 }, () => sandbox.control("slack/event", { type: "channel_created", eventId })));
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200, 200]);
    const rows = await t.db.selectFrom("webhook_events").selectAll().where("external_id", "=", eventId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.connection_id).toBe(connectionId);
    const done = await waitFor(async () => {
      const r = await t.db.selectFrom("webhook_events").selectAll().where("external_id", "=", eventId).executeTakeFirstOrThrow();
      return r.status !== "received" ? r : undefined;
    }, { what: "the event processed" });
    expect(done).toMatchObject({ status: "ignored", attempts: 1, outcome: "Slack event channel_created is not used" });
    expect(JSON.stringify(done.payload)).not.toContain("sandbox-legacy-verification-token");
  });
});

describe("/events", () => {
  it("lists this organization's upcoming published events with the places left, within Slack's 3 seconds", async () => {
    const soon = await createEvent(t.db, t.orgId, { ...eventFields, title: "Slack Soon Meetup", startsAt: "2030-03-01T18:00", endsAt: "2030-03-01T20:00", capacity: 5 });
    const tt = await addTicketType(t.db, t.orgId, soon.id, { name: "General", price: "0", currency: "EUR", quantity: 5 });
    await publishEvent(t.db, t.orgId, soon.id);
    await registerFree(t.db, soon.slug, { name: "Ina Early", email: "ina@example.com", ticketTypeId: tt.id, quantity: 2 });
    const later = await createEvent(t.db, t.orgId, { ...eventFields, title: "Slack Later Summit", startsAt: "2031-01-10T09:00", endsAt: "2031-01-10T17:00", capacity: 40 });
    await publishEvent(t.db, t.orgId, later.id);
    await createEvent(t.db, t.orgId, { ...eventFields, title: "Slack Draft Only" });
    const other = await makeOrg(t.db, "Someone Else");
    const theirs = await createEvent(t.db, other.id, { ...eventFields, title: "Their Private Party" });
    await publishEvent(t.db, other.id, theirs.id);

    const call: Call = await sandbox.control("slack/command", { command: "/events" });
    expect(call.status).toBe(200);
    expect(call.durationMs).toBeLessThan(3000);
    const answer = JSON.parse(call.answer!) as { response_type: string; text: string };
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toContain("Slack Soon Meetup");
    expect(answer.text).toMatch(/Slack Soon Meetup.*: 3 places left/);
    expect(answer.text).toMatch(/Slack Later Summit.*: 40 places left/);
    expect(answer.text.indexOf("Slack Soon Meetup")).toBeLessThan(answer.text.indexOf("Slack Later Summit"));
    expect(answer.text).not.toContain("Slack Draft Only");
    expect(answer.text).not.toContain("Their Private Party");
    // The sandbox's inbox page shows what the app answered.
    const page = await (await fetch(`${sandbox.url}/`)).text();
    expect(page).toContain("Calls to the app");
    expect(page).toMatch(/Answered: .*Slack Soon Meetup/);
    // Stored like every verified callback, and not acted on a second time by the worker.
    const command = await waitFor(async () => {
      const rows = await t.db.selectFrom("webhook_events").selectAll().where("type", "=", "command /events").execute();
      return rows.length === 1 && rows[0]!.status !== "received" ? rows : undefined;
    }, { what: "the command stored and processed" });
    expect(command[0]).toMatchObject({ status: "ignored", outcome: "Answered when received" });
  });
});

describe("Check in", () => {
  it("checks the attendee in from the registration message once; a second press says already checked in", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Check-in Night" });
    const tt = await addTicketType(t.db, t.orgId, event.id, { name: "General", price: "0", currency: "EUR", quantity: 10 });
    await publishEvent(t.db, t.orgId, event.id);
    const reg = await registerFree(t.db, event.slug, { name: "Dana Guest", email: "dana@example.com", ticketTypeId: tt.id, quantity: 1 });
    const attendeeId = reg.attendees[0]!.id;
    const message = await waitFor(async () => {
      const box = await sandbox.inbox();
      const ch = box.slack.channels.find((c: { id: string }) => c.id === CHANNEL);
      return ch?.messages.find((m: { text: string }) => m.text.startsWith("Dana Guest registered for Check-in Night"));
    }, { what: "the registration message", timeoutMs: 20_000 });
    expect(JSON.stringify(message.blocks)).toContain("Check in Dana Guest");

    const first: Call = await sandbox.control("slack/click", { ts: message.ts, value: attendeeId });
    expect(first.status).toBe(200);
    expect(first.answer).toBe("");
    const updated = await waitFor(async () => {
      const { responses } = await sandbox.control("slack/app", undefined, "GET");
      return responses.find((r: { callId: number }) => r.callId === first.id);
    }, { what: "the message updated through the response URL" });
    expect(updated.body.replace_original).toBe(true);
    expect(JSON.stringify(updated.body.blocks)).toContain("Dana Guest checked in by <@U0SAM00001>");
    const attendee = await t.db.selectFrom("attendees").selectAll().where("id", "=", attendeeId).executeTakeFirstOrThrow();
    expect(attendee.checked_in_at).not.toBeNull();
    // The channel's message shows it too.
    const box = await sandbox.inbox();
    const shown = box.slack.channels.find((c: { id: string }) => c.id === CHANNEL).messages.find((m: { ts: string }) => m.ts === message.ts);
    expect(JSON.stringify(shown.blocks)).toContain("checked in by");

    const second: Call = await sandbox.control("slack/click", { ts: message.ts, value: attendeeId, user: "U0CHARLIE1" });
    expect(second.status).toBe(200);
    const again = await waitFor(async () => {
      const { responses } = await sandbox.control("slack/app", undefined, "GET");
      return responses.find((r: { callId: number }) => r.callId === second.id);
    }, { what: "the answer to the second press" });
    expect(again.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(again.body.text).toMatch(/^Dana Guest is already checked in/);
    const after = await t.db.selectFrom("attendees").select("checked_in_at").where("id", "=", attendeeId).executeTakeFirstOrThrow();
    expect(after.checked_in_at).toEqual(attendee.checked_in_at);
    const facts = await t.db.selectFrom("domain_events").select("id").where("type", "=", "attendee.checked_in").where("aggregate_id", "=", attendeeId).execute();
    expect(facts).toHaveLength(1);
  });

  it("refuses another organization's attendee, even in a validly signed press", async () => {
    const other = await makeOrg(t.db, "Other Org");
    const theirEvent = await createEvent(t.db, other.id, { ...eventFields, title: "Their Gala" });
    const theirType = await addTicketType(t.db, other.id, theirEvent.id, { name: "General", price: "0", currency: "EUR", quantity: 10 });
    await publishEvent(t.db, other.id, theirEvent.id);
    const theirs = (await registerFree(t.db, theirEvent.slug, { name: "Olga Outsider", email: "olga@example.com", ticketTypeId: theirType.id, quantity: 1 })).attendees[0]!;

    const box = await sandbox.inbox();
    const message = box.slack.channels.find((c: { id: string }) => c.id === CHANNEL).messages.find((m: { text: string }) => m.text.startsWith("Dana Guest registered"));
    const press: Call = await sandbox.control("slack/click", { ts: message.ts, overrideValue: theirs.id });
    expect(press.status).toBe(200);
    const answer = await waitFor(async () => {
      const { responses } = await sandbox.control("slack/app", undefined, "GET");
      return responses.find((r: { callId: number }) => r.callId === press.id);
    }, { what: "the refusal" });
    expect(answer.body).toMatchObject({ response_type: "ephemeral", text: "This ticket is not one of this organization's; nobody was checked in." });
    const row = await t.db.selectFrom("attendees").select("checked_in_at").where("id", "=", theirs.id).executeTakeFirstOrThrow();
    expect(row.checked_in_at).toBeNull();
  });
});

describe("turned off", () => {
  it("answers /events and Check in with why nothing happens, and checks nobody in, until an admin turns it on again", async () => {
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Paused Workspace Night" });
    const tt = await addTicketType(t.db, t.orgId, event.id, { name: "General", price: "0", currency: "EUR", quantity: 10 });
    await publishEvent(t.db, t.orgId, event.id);
    const reg = await registerFree(t.db, event.slug, { name: "Pia Paused", email: "pia.paused@example.com", ticketTypeId: tt.id, quantity: 1 });
    const attendeeId = reg.attendees[0]!.id;
    const message = await waitFor(async () => {
      const box = await sandbox.inbox();
      const ch = box.slack.channels.find((c: { id: string }) => c.id === CHANNEL);
      return ch?.messages.find((m: { text: string }) => m.text.startsWith("Pia Paused registered for Paused Workspace Night"));
    }, { what: "the registration message", timeoutMs: 20_000 });

    await setEnabled(t.db, t.orgId, "slack", false);
    try {
      const command: Call = await sandbox.control("slack/command", { command: "/events" });
      expect(command.status).toBe(200);
      const answer = JSON.parse(command.answer!) as { response_type: string; text: string };
      expect(answer).toEqual({ response_type: "ephemeral", text: expect.stringMatching(/^Switchboard is turned off for this workspace: .*Settings → Integrations → Slack\.$/) });
      expect(answer.text).not.toContain("Paused Workspace Night");

      const press: Call = await sandbox.control("slack/click", { ts: message.ts, value: attendeeId });
      expect(press.status).toBe(200);
      const note = await waitFor(async () => {
        const { responses } = await sandbox.control("slack/app", undefined, "GET");
        return responses.find((r: { callId: number }) => r.callId === press.id);
      }, { what: "the answer to the press" });
      expect(note.body).toMatchObject({ response_type: "ephemeral", replace_original: false, text: expect.stringMatching(/^Switchboard is turned off/) });
      const row = await t.db.selectFrom("attendees").select("checked_in_at").where("id", "=", attendeeId).executeTakeFirstOrThrow();
      expect(row.checked_in_at).toBeNull();
    } finally {
      await setEnabled(t.db, t.orgId, "slack", true);
    }
    // On again: the same command lists the event.
    const again: Call = await sandbox.control("slack/command", { command: "/events" });
    expect(JSON.parse(again.answer!).text).toContain("Paused Workspace Night");
  });
});

describe("losing the grant", () => {
  async function connectionAfter(type: string) {
    const call: Call = await sandbox.control("slack/event", { type });
    expect(call.status).toBe(200);
    return waitFor(async () => {
      const row = (await findConnection(t.db, t.orgId, "slack"))!;
      return row.status === "needs_attention" ? row : undefined;
    }, { what: `the connection marked after ${type}` });
  }

  it("app_uninstalled marks the connection as needing attention, with the reason", async () => {
    const row = await connectionAfter("app_uninstalled");
    expect(row.status_reason).toBe("The Slack app was uninstalled from the workspace; reconnect Slack to install it again.");
  });

  it("tokens_revoked for the bot marks the connection as needing attention, with the reason", async () => {
    await t.db.updateTable("connections").set({ status: "connected", status_reason: null }).where("id", "=", connectionId).execute();
    const row = await connectionAfter("tokens_revoked");
    expect(row.status_reason).toBe("Slack revoked the bot's token; reconnect Slack to grant it again.");
  });
});
