// Slack end to end against the sandbox: OAuth v2 install, the channel picker,
// Block Kit messages on registrations and publishing, a channel per event.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { publishEvent, createEvent, addTicketType } from "@/lib/domain/events/service";
import { connectorPage } from "@/lib/integrations/views";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { disconnect, testConnection, updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connector as slack } from "@/lib/integrations/slack/connector";
import { consent } from "../helpers/consent";
import { eventFields, makeOrg, makeUser } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();

async function connectSlack(orgId: string, uid: string, opts: { decision?: "allow" | "deny"; dropScopes?: string[] } = {}) {
  const url = await startAuthorization(t.db, appKeyring(), { orgId, userId: uid, connector: slack, mode: "sandbox" });
  expect(url.startsWith(`${sandbox.url}/slack/oauth/v2/authorize?`)).toBe(true);
  const back = await consent(url, { decision: opts.decision ?? "allow", dropScopes: opts.dropScopes });
  expect(back.pathname).toBe("/api/integrations/slack/oauth/callback");
  return completeAuthorization(t.db, appKeyring(), {
    connector: slack,
    orgId,
    userId: uid,
    state: back.searchParams.get("state"),
    code: back.searchParams.get("code"),
    error: back.searchParams.get("error"),
  });
}

describe("Slack", () => {
  it("refuses a partial grant and names the missing permission, storing nothing", async () => {
    const result = await connectSlack(t.orgId, owner.userId, { dropScopes: ["channels:manage"] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe("missing_scope");
    expect(!result.ok && result.message).toContain("missing: channels:manage");
    const row = await findConnection(t.db, t.orgId, "slack");
    expect(row?.credentials_sealed).toBeNull();
  });

  it("reports a declined consent clearly", async () => {
    const result = await connectSlack(t.orgId, owner.userId, { decision: "deny" });
    expect(result).toMatchObject({ ok: false, reason: "denied" });
  });

  it("installs by OAuth, stores the bot token sealed, and never reuses a state", async () => {
    const url = await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: slack, mode: "sandbox" });
    const back = await consent(url);
    const input = { connector: slack, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null };
    const other = await makeUser(t.db, t.orgId, "admin");
    // Someone else cannot finish an attempt this user started.
    const stolen = await completeAuthorization(t.db, appKeyring(), { ...input, userId: other.id });
    expect(stolen).toMatchObject({ ok: false, reason: "wrong_user" });
    // And once used (even by the wrong person), a state is spent.
    const replay = await completeAuthorization(t.db, appKeyring(), input);
    expect(replay).toMatchObject({ ok: false, reason: "invalid_state" });

    const result = await connectSlack(t.orgId, owner.userId);
    expect(result).toMatchObject({ ok: true, account: { name: expect.any(String) } });
    const row = (await findConnection(t.db, t.orgId, "slack"))!;
    expect(row.status).toBe("connected");
    expect(row.credentials_sealed).toMatch(/^v1\./);
    expect(row.credentials_sealed).not.toContain("xoxb-");
    expect(row.credentials_hint).toMatch(/^••••.{4}$/);
    expect(row.scopes).toEqual(expect.arrayContaining(slack.oauth!.scopes));
    const tested = await testConnection(t.db, appKeyring(), t.orgId, "slack");
    expect(tested.detail).toMatch(/^Connected to /);
  });

  it("lists channels for the picker and refuses a bad invite list", async () => {
    const view = await connectorPage(t.db, t.orgId, slack);
    const picker = view.fields.find((f) => f.name === "channelId")!;
    expect(picker.choices?.map((c) => c.label)).toEqual(expect.arrayContaining(["#general", "#events"]));
    await expect(updateSettings(t.db, t.orgId, "slack", { channelId: "", inviteEmails: "not an email" })).rejects.toMatchObject({
      fieldErrors: { inviteEmails: ["List e-mail addresses separated by commas"] },
    });
  });

  it("posts registrations and announcements to the chosen channel, and opens a channel per event", async () => {
    const view = await connectorPage(t.db, t.orgId, slack);
    const events = view.fields.find((f) => f.name === "channelId")!.choices!.find((c) => c.label === "#events")!;
    await updateSettings(t.db, t.orgId, "slack", {
      channelId: events.value,
      postOnRegistration: true,
      postOnPublish: true,
      channelPerEvent: true,
      inviteEmails: "alex@example.com, nobody@example.com",
    });
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Slack Summit" });
    const tt = await addTicketType(t.db, t.orgId, event.id, { name: "General", price: "0", currency: "EUR", quantity: 10 });
    await publishEvent(t.db, t.orgId, event.id);
    await registerFree(t.db, event.slug, { name: "Dana Guest", email: "dana@example.com", ticketTypeId: tt.id, quantity: 2 });

    const inbox = await waitFor(async () => {
      const box = await sandbox.inbox();
      const ch = box.slack.channels.find((c: { id: string }) => c.id === events.value);
      const perEvent = box.slack.channels.find((c: { name: string }) => c.name === `event-${event.slug}`);
      return ch?.messages.length >= 2 && perEvent?.messages.length >= 1 ? { ch, perEvent } : undefined;
    }, { what: "the Slack messages", timeoutMs: 20_000 }).catch(async (err) => {
      console.error(JSON.stringify({
        deliveries: await t.db.selectFrom("subscriber_deliveries").select(["subscriber", "status", "last_error", "attempts"]).execute(),
        calls: await t.db.selectFrom("integration_calls").select(["operation", "outcome", "error"]).execute(),
      }, null, 1));
      throw err;
    });
    const texts = inbox.ch.messages.map((m: { text: string }) => m.text);
    expect(texts).toContain("Slack Summit is published");
    expect(texts).toContain("Dana Guest registered for Slack Summit (2 tickets)");
    const blocks = JSON.stringify(inbox.ch.messages.find((m: { text: string }) => m.text.startsWith("Dana")).blocks);
    expect(blocks).toContain("dana@example.com");
    expect(inbox.perEvent.messages[0].text).toBe("Dana Guest registered for Slack Summit (2 tickets)");

    const invites = (await sandbox.requests("slack")).filter((r: { path: string }) => r.path.endsWith("conversations.invite"));
    expect(invites).toHaveLength(1);
    // Every delivery to Slack succeeded, and retries would not post twice.
    const deliveries = await t.db.selectFrom("subscriber_deliveries").select(["subscriber", "status"]).where("subscriber", "like", "connection:%").execute();
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").select("status").where("subscriber", "like", "connection:%").execute();
      return d.every((x) => x.status === "succeeded" || x.status === "skipped");
    }, { what: "all Slack deliveries to finish" });
  });

  it("stops at once when Slack cannot find the channel: the delivery is dead after one attempt, with the reason", async () => {
    const connection = (await findConnection(t.db, t.orgId, "slack"))!;
    await updateSettings(t.db, t.orgId, "slack", { channelId: "C0GONE00000", postOnRegistration: true, postOnPublish: false, channelPerEvent: false, inviteEmails: "" });
    const event = await createEvent(t.db, t.orgId, { ...eventFields, title: "Lost Channel Meetup" });
    const tt = await addTicketType(t.db, t.orgId, event.id, { name: "General", price: "0", currency: "EUR", quantity: 10 });
    await publishEvent(t.db, t.orgId, event.id);
    await registerFree(t.db, event.slug, { name: "Lou Lost", email: "lou@example.com", ticketTypeId: tt.id, quantity: 1 });
    const dead = await waitFor(async () => {
      const d = await t.db.selectFrom("subscriber_deliveries").selectAll().where("subscriber", "=", `connection:${connection.id}`).where("status", "=", "dead").executeTakeFirst();
      return d && !(await sql`select 1 from graphile_worker.jobs where key = ${"deliver:" + d.id}`.execute(t.db)).rows.length ? d : undefined;
    }, { what: "the dead Slack delivery", timeoutMs: 20_000 });
    expect(dead.attempts).toBe(1);
    expect(dead.last_error).toBe("chat.postMessage: Slack cannot find the channel; choose another in the settings");
    const posts = (await sandbox.requests("slack")).filter((r: { path: string; body?: { channel?: string } }) => r.path.endsWith("chat.postMessage") && r.body?.channel === "C0GONE00000");
    expect(posts).toHaveLength(1);
  });

  it("keeps another organization out, and refuses a workspace already linked elsewhere", async () => {
    const other = await makeOrg(t.db, "Other");
    const otherAdmin = await makeUser(t.db, other.id, "owner");
    expect((await connectorPage(t.db, other.id, slack)).status).toBe("not_connected");
    await expect(testConnection(t.db, appKeyring(), other.id, "slack")).rejects.toThrow("Slack is not connected yet.");
    const result = await connectSlack(other.id, otherAdmin.id);
    expect(result).toMatchObject({ ok: false, reason: "account_linked" });
  });

  it("revokes the token at Slack on disconnect", async () => {
    await disconnect(t.db, appKeyring(), t.orgId, "slack");
    const row = (await findConnection(t.db, t.orgId, "slack"))!;
    expect(row.status).toBe("disconnected");
    expect(row.credentials_sealed).toBeNull();
    const revokes = (await sandbox.requests("slack")).filter((r: { path: string }) => r.path.endsWith("auth.revoke"));
    expect(revokes).toHaveLength(1);
  });
});
