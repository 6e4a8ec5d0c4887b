// What the endpoint-disabled notice tests start from: an organization (owner,
// admin, member) with SendGrid connected in sandbox mode and a sender set, a
// webhook receiver whose port is closed for the whole run, and the 5-day rule
// compressed to a fraction of a second so an endpoint is disabled part-way
// through its schedule, every attempt having failed.
import { afterAll, beforeAll } from "vitest";
import { connectWithApiKey, updateSettings } from "@/lib/integrations/connections/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { configureWebhookDelivery, DEFAULT_SCHEDULE_MS } from "@/lib/webhooks/outbound/config";
import { makeUser } from "./fixtures";
import type { IntegrationHarness } from "./integration-harness";
import { startReceiver, type Receiver } from "./webhook-receiver";

// Eight attempts 60 ms apart instead of 27.6 hours; "5 days" is 250 ms.
const SCHEDULE = DEFAULT_SCHEDULE_MS.map((ms) => (ms === 0 ? 0 : 60));

/** Obviously fake people and sender of an obviously fake organization. */
export interface DownEndpointPeople {
  admin: string;
  member: string;
  sender: string;
  senderName: string;
}

export interface DownEndpointOrg {
  /** Set in beforeAll: the receiver, only its closed port is ever used. */
  receiver: Receiver;
  ownerEmail: string;
}

export function useDownEndpointOrg({ t, owner }: IntegrationHarness, people: DownEndpointPeople): DownEndpointOrg {
  const org = {} as DownEndpointOrg;
  beforeAll(async () => {
    org.receiver = await startReceiver();
    process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${org.receiver.downPort}`;
    // The receiver's port is closed, so every attempt is refused at once; the timeout
    // only bounds a hang, and is long enough not to fire first on a busy machine.
    configureWebhookDelivery({ scheduleMs: SCHEDULE, timeoutMs: 5_000, disableAfterMs: 250 });
    await makeUser(t.db, t.orgId, "admin", people.admin);
    await makeUser(t.db, t.orgId, "member", people.member);
    org.ownerEmail = (await t.db.selectFrom("users").select("email").where("id", "=", owner.userId).executeTakeFirstOrThrow()).email;
    await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey: "SG.down-endpoint-fake.key1234" } });
    await updateSettings(t.db, t.orgId, "sendgrid", { fromEmail: people.sender, fromName: people.senderName, sendConfirmations: false });
  });
  afterAll(async () => {
    await org.receiver?.stop();
    configureWebhookDelivery({});
    delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
  });
  return org;
}
