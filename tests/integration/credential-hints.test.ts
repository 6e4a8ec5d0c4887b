// The connector page shows each saved secret by its own last characters, so an
// admin can tell which key and which signing secret are stored.
import { describe, expect, it } from "vitest";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { loadConnector } from "@/lib/integrations/registry";
import { connectorPage } from "@/lib/integrations/views";
import { useIntegrationHarness } from "../helpers/integration-harness";

const { t, owner } = useIntegrationHarness();

describe("saved credential hints", () => {
  it("show the Stripe webhook signing secret's hint on its own field, not the secret key's", async () => {
    const stripe = (await loadConnector("stripe"))!;
    await connectWithApiKey(t.db, appKeyring(), {
      orgId: t.orgId,
      userId: owner.userId,
      connectorId: "stripe",
      mode: "sandbox",
      fields: { secretKey: "sk_test_switchboard0001", publishableKey: "pk_test_switchboard0001", webhookSecret: "whsec_fakesigningsecret9876" },
    });
    const view = await connectorPage(t.db, t.orgId, stripe);
    const saved = Object.fromEntries(view.credentialFields.map((f) => [f.name, f.saved]));
    expect(saved).toEqual({ secretKey: "••••0001", publishableKey: null, webhookSecret: "••••9876" });
    // The page never carries a secret, only its hint.
    expect(JSON.stringify(view)).not.toContain("fakesigningsecret");
    expect(JSON.stringify(view)).not.toContain("sk_test_switchboard0001");
  });

  it("show the hint of the signing secret Switchboard created when the field was left empty", async () => {
    const stripe = (await loadConnector("stripe"))!;
    await connectWithApiKey(t.db, appKeyring(), {
      orgId: t.orgId,
      userId: owner.userId,
      connectorId: "stripe",
      mode: "sandbox",
      fields: { secretKey: "sk_test_switchboard0002", publishableKey: "pk_test_switchboard0002" },
    });
    const view = await connectorPage(t.db, t.orgId, stripe);
    const webhook = view.credentialFields.find((f) => f.name === "webhookSecret")!;
    expect(webhook.saved).toMatch(/^••••[A-Za-z0-9]{4}$/);
    expect(webhook.saved).not.toBe("••••0002");
  });
});
