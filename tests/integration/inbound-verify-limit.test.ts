// A callback whose verification costs a request to the provider (PayPal's
// verify-webhook-signature) is counted per connection first: past the limit the
// sender gets 429 with Retry-After, and the provider is not asked again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAppServer } from "../helpers/app-server";
import { useIntegrationHarness } from "../helpers/integration-harness";

process.env.RATE_LIMIT_INBOUND_VERIFY = "2/60";

const { t, owner } = useIntegrationHarness();
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let POST: Handler;
let app: Awaited<ReturnType<typeof startAppServer>>;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  POST = (await import("@/app/api/webhooks/[provider]/route")).POST as unknown as Handler;
  app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: POST }]);
  process.env.APP_URL = app.url;
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

/** A callback with PayPal's headers and a made-up signature: it costs one verify request. */
function callback(connectionId: string, n: number) {
  const headers = {
    "content-type": "application/json",
    "paypal-transmission-id": `fake-transmission-${n}`,
    "paypal-transmission-time": new Date().toISOString(),
    "paypal-transmission-sig": "forged-signature-fake",
    "paypal-cert-url": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-fake",
    "paypal-auth-algo": "SHA256withRSA",
  };
  const body = JSON.stringify({ id: `WH-FAKE-${n}`, event_type: "PAYMENT.CAPTURE.COMPLETED", resource: {} });
  return POST(new Request(`${app.url}/api/webhooks/paypal?connection=${connectionId}`, { method: "POST", headers, body }), { params: Promise.resolve({ provider: "paypal" }) });
}

const verifyCalls = async (connectionId: string) =>
  (await t.db.selectFrom("integration_calls").select("id").where("connection_id", "=", connectionId).where("operation", "=", "webhooks.verifySignature").execute()).length;

describe("inbound verification limit", () => {
  it("answers 429 with Retry-After past the connection's limit, without asking the provider", async () => {
    await connectWithApiKey(t.db, appKeyring(), {
      orgId: t.orgId,
      userId: owner.userId,
      connectorId: "paypal",
      mode: "sandbox",
      fields: { clientId: "paypal-sandbox-client-fake", clientSecret: "paypal-sandbox-secret-fake" },
    });
    const row = (await findConnection(t.db, t.orgId, "paypal"))!;
    expect((await callback(row.id, 1)).status).toBe(400);
    expect((await callback(row.id, 2)).status).toBe(400);
    expect(await verifyCalls(row.id)).toBe(2);

    const limited = await callback(row.id, 3);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json()).error).toMatch(/Too many callbacks for this connection/);
    expect(await verifyCalls(row.id)).toBe(2);
    expect(await t.db.selectFrom("webhook_events").select("id").execute()).toHaveLength(0);
  });
});
