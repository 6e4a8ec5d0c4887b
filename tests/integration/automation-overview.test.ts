// The integrations catalog's Zapier and webhooks tiles count what is wired up:
// enabled Zapier subscriptions and admin endpoints, and live API keys, for this
// organization only.
import { describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { automationOverview } from "@/lib/zapier/overview";
import { makeOrg } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();

describe("automation overview", () => {
  it("counts enabled Zaps and endpoints and live keys of this organization only", async () => {
    expect(await automationOverview(t.db, t.orgId)).toEqual({ zaps: 0, endpoints: 0, apiKeys: 0 });
    const key = await createApiKey(t.db, t.orgId, null, { name: "Zapier" });
    const revoked = await createApiKey(t.db, t.orgId, null, { name: "Old" });
    await revokeApiKey(t.db, t.orgId, revoked.id);
    await insertEndpoint(t.db, { orgId: t.orgId, url: "https://hooks.zapier.example/1", eventTypes: ["ticket.purchased"], source: "zapier", apiKeyId: key.id });
    await insertEndpoint(t.db, { orgId: t.orgId, url: "https://crm.example/hooks", eventTypes: ["registration.created"], source: "admin" });
    const { endpoint: off } = await insertEndpoint(t.db, { orgId: t.orgId, url: "https://old.example/hooks", eventTypes: ["event.created"], source: "admin" });
    await t.db.updateTable("webhook_endpoints").set({ enabled: false }).where("id", "=", off.id).execute();
    const other = await makeOrg(t.db);
    await insertEndpoint(t.db, { orgId: other.id, url: "https://other.example/hooks", eventTypes: ["event.created"], source: "admin" });
    expect(await automationOverview(t.db, t.orgId)).toEqual({ zaps: 1, endpoints: 1, apiKeys: 1 });
  });
});
