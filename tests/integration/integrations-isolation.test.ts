// Two organizations never see or touch each other's connections, through any
// of the functions the integrations routes and actions call.
import { beforeAll, describe, expect, it } from "vitest";
import { appKeyring } from "@/lib/vault/app-keyring";
import {
  connectWithApiKey,
  disconnect,
  sendTest,
  setEnabled,
  testConnection,
  updateSettings,
} from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { sha256 } from "@/lib/integrations/oauth/pkce";
import { connector as googleCalendar } from "@/lib/integrations/google-calendar/connector";
import { connector as sendgrid } from "@/lib/integrations/sendgrid/connector";
import { catalog, connectorPage, oauthOutcome } from "@/lib/integrations/views";
import { makeOrg, makeUser } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";
import { useSandbox } from "../helpers/sandbox";
import { consent } from "../helpers/consent";

const t = useOrgDatabase();
useSandbox();
let a: { orgId: string; userId: string };
let b: { orgId: string; userId: string };

beforeAll(async () => {
  a = { orgId: t.orgId, userId: (await makeUser(t.db, t.orgId, "owner")).id };
  const other = await makeOrg(t.db, "Org B");
  b = { orgId: other.id, userId: (await makeUser(t.db, other.id, "owner")).id };
  await connectWithApiKey(t.db, appKeyring(), { ...a, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey: "SG.org-a-key.secret99" } });
  await updateSettings(t.db, a.orgId, "sendgrid", { fromEmail: "a@org-a.example", fromName: "A", sendConfirmations: true });
});

describe("integrations are per organization", () => {
  it("the catalog and connector page of B show nothing of A's connection", async () => {
    const bCatalog = (await catalog(t.db, b.orgId)).flatMap((g) => g.items);
    expect(bCatalog.find((i) => i.connector.id === "sendgrid")!.status).toBe("not_connected");
    const page = await connectorPage(t.db, b.orgId, sendgrid);
    expect(page.status).toBe("not_connected");
    expect(page.connection).toBeNull();
    expect(page.health).toBeNull();
    const aPage = await connectorPage(t.db, a.orgId, sendgrid);
    expect(aPage.status).toBe("connected");
    expect(JSON.stringify(aPage)).not.toContain("SG.org-a-key.secret99");
  });

  it("B's test, send, enable, settings and disconnect act only on B (which has nothing)", async () => {
    await expect(testConnection(t.db, appKeyring(), b.orgId, "sendgrid")).rejects.toThrow("SendGrid is not connected yet.");
    await expect(sendTest(t.db, appKeyring(), b.orgId, "sendgrid", { email: "x@example.com", name: null })).rejects.toThrow("SendGrid is not connected yet.");
    await expect(setEnabled(t.db, b.orgId, "sendgrid", false)).rejects.toThrow("SendGrid is not connected yet.");
    await expect(updateSettings(t.db, b.orgId, "sendgrid", { fromEmail: "evil@example.com" })).rejects.toThrow("SendGrid is not connected yet.");
    await disconnect(t.db, appKeyring(), b.orgId, "sendgrid");
    const aRow = (await findConnection(t.db, a.orgId, "sendgrid"))!;
    expect(aRow.status).toBe("connected");
    expect(aRow.settings).toMatchObject({ fromEmail: "a@org-a.example" });
  });

  it("an OAuth attempt started in A cannot be completed, or read back, from B", async () => {
    const url = await startAuthorization(t.db, appKeyring(), { ...a, connector: googleCalendar, mode: "sandbox" });
    const back = await consent(url);
    const state = back.searchParams.get("state")!;
    const result = await completeAuthorization(t.db, appKeyring(), { connector: googleCalendar, ...b, state, code: back.searchParams.get("code"), error: null });
    expect(result).toMatchObject({ ok: false, reason: "wrong_user" });
    expect(await findConnection(t.db, b.orgId, "google-calendar")).toBeUndefined();
    expect((await findConnection(t.db, a.orgId, "google-calendar"))!.credentials_sealed).toBeNull();
    // The outcome banner belongs to the person who started the attempt.
    expect(await oauthOutcome(t.db, b.orgId, b.userId, sha256(state))).toBeUndefined();
    expect(await oauthOutcome(t.db, a.orgId, a.userId, sha256(state))).toMatchObject({ outcome: "wrong_user" });
  });
});
