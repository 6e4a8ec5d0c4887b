// Slack hears event.reminder like any other fact: when the admin asks for it, the
// default channel gets one heads-up per event and reminder time (when it starts,
// how many are coming), however many attendees' reminders fall due at once and in
// whatever order their deliveries run; the delivery that claimed the heads-up
// posts it on its retry when its first attempt failed, and nobody else does.
import { randomUUID } from "node:crypto";
import { describe, expect, it, beforeAll } from "vitest";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { loadDomainEvent } from "@/lib/jobs/tasks";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { updateSettings } from "@/lib/integrations/connections/service";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { consent } from "../helpers/consent";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";

const { t, sandbox, owner } = useIntegrationHarness();
const CHANNEL = "C0EVENTS01";

interface SlackMessage {
  text: string;
}
const channelMessages = async (): Promise<SlackMessage[]> => ((await sandbox.inbox()).slack.channels.find((c: { id: string }) => c.id === CHANNEL)?.messages ?? []) as SlackMessage[];
const headsUps = async (title: string) => (await channelMessages()).filter((m) => m.text.startsWith(`${title} starts in`));

/** An event with `n` registered attendees, and the reminder fact of each for one offset, as lib/domain/reminders records it. */
async function reminders(n: number, offsetMinutes: number): Promise<{ title: string; facts: Array<DomainEvent<"event.reminder">> }> {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
  const title = `Heads-up Night ${randomUUID().slice(0, 8)}`;
  await t.db.updateTable("events").set({ title }).where("id", "=", event.id).execute();
  const facts: Array<DomainEvent<"event.reminder">> = [];
  for (let i = 0; i < n; i++) {
    const { order } = await registerFree(t.db, event.slug, { name: `Guest ${i}`, email: `slack-reminder-${randomUUID().slice(0, 8)}@example.com`, ticketTypeId: ticketType.id, quantity: 1 });
    const row = await t.db.selectFrom("domain_events").select("id").where("aggregate_id", "=", order.id).where("type", "=", "registration.created").executeTakeFirstOrThrow();
    const { event: ev, attendees } = ((await loadDomainEvent(t.db, row.id)) as DomainEvent<"registration.created">).payload;
    facts.push({
      id: randomUUID(),
      orgId: t.orgId,
      type: "event.reminder",
      version: 1,
      occurredAt: new Date(),
      payload: { event: ev, attendee: attendees[0]!, reminder: { offsetMinutes, dueAt: new Date(Date.parse(ev.startsAt) - offsetMinutes * 60_000).toISOString() } },
    });
  }
  return { title, facts };
}

async function deliver(fact: DomainEvent<"event.reminder">) {
  const connector = (await loadConnector("slack"))!;
  const ctx = await connectorContext(t.db, appKeyring(), connector, (await findConnection(t.db, t.orgId, "slack"))!);
  await connector.handlers["event.reminder"]!(fact as never, ctx);
}

const settings = (postReminders: boolean) => ({ channelId: CHANNEL, postOnRegistration: false, postOnPublish: false, channelPerEvent: false, inviteEmails: "", postReminders });

beforeAll(async () => {
  const slack = (await loadConnector("slack"))!;
  const url = await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: slack, mode: "sandbox" });
  const back = await consent(url);
  const result = await completeAuthorization(t.db, appKeyring(), { connector: slack, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
  expect(result.ok).toBe(true);
});

describe("Slack heads-up at reminder times", () => {
  it("posts nothing unless the admin asked for it", async () => {
    await updateSettings(t.db, t.orgId, "slack", settings(false));
    const { title, facts } = await reminders(1, 60);
    await deliver(facts[0]!);
    expect(await headsUps(title)).toEqual([]);
  });

  it("posts once per event and reminder time, however many attendees' reminders are delivered at once or again", async () => {
    await updateSettings(t.db, t.orgId, "slack", settings(true));
    const { title, facts } = await reminders(4, 60);
    await Promise.all(facts.map(deliver));
    await Promise.all(facts.map(deliver));
    const posted = await headsUps(title);
    expect(posted.map((m) => m.text)).toEqual([`${title} starts in 1 hour: 4 coming`]);

    // Another reminder time of the same event is its own heads-up.
    const day = facts.map((f) => ({ ...f, id: randomUUID(), payload: { ...f.payload, reminder: { ...f.payload.reminder, offsetMinutes: 1440 } } }));
    await Promise.all(day.map(deliver));
    expect((await headsUps(title)).map((m) => m.text)).toEqual([`${title} starts in 1 hour: 4 coming`, `${title} starts in 24 hours: 4 coming`]);
  });

  it("when the claiming delivery fails, its retry posts the heads-up and the others never do", async () => {
    await updateSettings(t.db, t.orgId, "slack", settings(true));
    const { title, facts } = await reminders(3, 30);
    const [first, ...others] = facts;
    await sandbox.control("faults", { provider: "slack", kind: "status", status: 503, times: 0, match: "chat.postMessage" });
    try {
      await expect(deliver(first!)).rejects.toThrow();
      await Promise.all(others.map(deliver));
      expect(await headsUps(title)).toEqual([]);
    } finally {
      await sandbox.control("faults", undefined, "DELETE");
    }
    await Promise.all(others.map(deliver));
    expect(await headsUps(title)).toEqual([]);
    await deliver(first!);
    expect((await headsUps(title)).map((m) => m.text)).toEqual([`${title} starts in 30 minutes: 3 coming`]);
  });
});
