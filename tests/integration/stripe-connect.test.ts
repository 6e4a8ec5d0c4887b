// Stripe Connect against the sandbox: the organizer approves on Stripe's consent
// screen, the grant's key is tested, the webhook endpoint is created on their
// account, checkout works with it, and Disconnect revokes the grant. A declined
// consent, a replayed code and keys typed by hand (never revoked) are covered too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { connectWithApiKey, disconnect } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { readCredentials } from "@/lib/integrations/connections/credentials";
import { connector as stripeConnector } from "@/lib/integrations/stripe/connector";
import type { StripeCredentials } from "@/lib/integrations/stripe/manifest";
import { startCheckout } from "@/lib/checkout/start";
import { consent } from "../helpers/consent";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";

const { t, sandbox, owner } = useIntegrationHarness();

beforeAll(() => {
  process.env.APP_URL = "http://127.0.0.1:9/";
});
afterAll(() => {
  delete process.env.APP_URL;
});

async function sandboxRequests(path: string): Promise<Array<{ path: string; status: number | null; body: unknown }>> {
  const all = (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as { requests: Array<{ path: string; status: number | null; body: unknown }> };
  return all.requests.filter((r) => r.path === path);
}

async function connectByOAuth(decision: "allow" | "deny" = "allow") {
  const url = await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: stripeConnector, mode: "sandbox" });
  expect(url.startsWith(`${sandbox.url}/oauth/authorize?`)).toBe(true);
  expect(new URL(url).searchParams.get("scope")).toBe("read_write");
  const back = await consent(url, { decision });
  expect(back.pathname).toBe("/api/integrations/stripe/oauth/callback");
  const input = { connector: stripeConnector, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: back.searchParams.get("error") };
  return { result: await completeAuthorization(t.db, appKeyring(), input), input };
}

describe("Stripe Connect", () => {
  it("reports a declined consent and stores nothing", async () => {
    const { result } = await connectByOAuth("deny");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe("denied");
    expect((await findConnection(t.db, t.orgId, "stripe"))?.credentials_sealed ?? null).toBeNull();
  });

  it("connects by OAuth, creates the webhook endpoint on the account, sells through it and revokes the grant on disconnect", async () => {
    const { result, input } = await connectByOAuth();
    expect(result.ok).toBe(true);
    expect(result.ok && result.account.name).toBe("Sandbox Events GmbH");

    const row = (await findConnection(t.db, t.orgId, "stripe"))!;
    expect(row.status).toBe("connected");
    expect(row.external_account_id).toBe("acct_sandbox1EventsCH");
    expect(row.scopes).toEqual(["read_write"]);
    const creds = await readCredentials<StripeCredentials>(t.db, appKeyring(), row, "Stripe");
    expect(creds.connectedVia).toBe("connect");
    expect(creds.secretKey).toMatch(/^sk_test_/);
    expect(creds.publishableKey).toMatch(/^pk_test_/);
    expect(creds.webhookSecret).toMatch(/^whsec_/);
    expect(row.credentials_sealed).not.toContain(creds.secretKey);

    // The code is single use: replaying the callback connects nothing new.
    const replay = await completeAuthorization(t.db, appKeyring(), input);
    expect(!replay.ok && replay.reason).toBe("invalid_state");

    // The endpoint was created with the granted key, pointing at this connection.
    const endpoints = await sandboxRequests("/v1/webhook_endpoints");
    expect(endpoints.at(-1)?.status).toBe(200);
    expect(JSON.stringify(endpoints.at(-1)?.body)).toContain(`connection=${row.id}`);

    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "15.00" });
    const { url } = await startCheckout(t.db, event.slug, { name: "Connie Connect", email: "connie@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    expect(url).toContain("/checkout/pay/");

    await disconnect(t.db, appKeyring(), t.orgId, "stripe");
    const deauth = await sandboxRequests("/oauth/deauthorize");
    expect(deauth).toHaveLength(1);
    expect(deauth[0]!.status).toBe(200);
    expect(JSON.stringify(deauth[0]!.body)).toContain("acct_sandbox1EventsCH");
    expect((await findConnection(t.db, t.orgId, "stripe"))?.status).toBe("disconnected");
  });

  it("never revokes at Stripe what was connected with typed keys", async () => {
    await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields: { secretKey: "sk_test_typedbyhand0001", publishableKey: "pk_test_typedbyhand0001" } });
    const before = (await sandboxRequests("/oauth/deauthorize")).length;
    await disconnect(t.db, appKeyring(), t.orgId, "stripe");
    expect(await sandboxRequests("/oauth/deauthorize")).toHaveLength(before);
  });

  it("refuses a code the platform did not get, with Stripe's invalid_grant", async () => {
    const url = await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: stripeConnector, mode: "sandbox" });
    const state = new URL(url).searchParams.get("state");
    const result = await completeAuthorization(t.db, appKeyring(), { connector: stripeConnector, orgId: t.orgId, userId: owner.userId, state, code: "ac_forged000000", error: null });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe("exchange_failed");
    expect(!result.ok && result.message).toContain("Authorization code does not exist");
  });
});
