// With the sandbox off (SANDBOX=off, or DATABASE_URL set without SANDBOX=on) no
// tenant can pick sandbox mode: connecting by API key or starting OAuth in
// sandbox mode is refused on the server, whatever the form sent, and the form
// offers live mode only.
import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { requireConnector, connectWithApiKey } from "@/lib/integrations/connections/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { connectionModes, defaultConnectionMode, sandboxControlHeaders, sandboxEnabled } from "@/lib/integrations/sandbox-url";
import { CONTROL_TOKEN_HEADER } from "@/sandbox/control/token";
import { makeUser } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
const saved = { SANDBOX: process.env.SANDBOX, DATABASE_URL: process.env.DATABASE_URL };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("sandbox mode when the sandbox is off", () => {
  it("is off with DATABASE_URL unless SANDBOX=on, on for the embedded demo unless SANDBOX=off", () => {
    expect(sandboxEnabled({ DATABASE_URL: "postgres://db.example.test/app" })).toBe(false);
    expect(sandboxEnabled({ DATABASE_URL: "postgres://db.example.test/app", SANDBOX: "on" })).toBe(true);
    expect(sandboxEnabled({})).toBe(true);
    expect(sandboxEnabled({ SANDBOX: "off" })).toBe(false);
    expect(() => sandboxEnabled({ SANDBOX: "maybe" })).toThrow(/SANDBOX must be "on" or "off"/);
  });

  it("refuses to connect in sandbox mode, by API key or by OAuth, and offers live only", async () => {
    process.env.SANDBOX = "off";
    const owner = await makeUser(t.db, t.orgId, "owner");
    expect(connectionModes()).toEqual(["live"]);
    expect(defaultConnectionMode()).toBe("live");

    const byKey = await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.id, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey: "SG.demo.key1234" } }).catch((e) => e);
    expect(byKey).toBeInstanceOf(ValidationError);
    expect((byKey as ValidationError).message).toMatch(/Sandbox mode is not available on this server/);
    const byOAuth = await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.id, connector: await requireConnector("slack"), mode: "sandbox" }).catch((e) => e);
    expect(byOAuth).toBeInstanceOf(ValidationError);
    // Nothing was recorded for either attempt.
    expect(await t.db.selectFrom("connections").select("id").where("org_id", "=", t.orgId).execute()).toEqual([]);
    expect(await t.db.selectFrom("oauth_states").select("state_hash").where("org_id", "=", t.orgId).execute()).toEqual([]);
  });

  it("offers both modes, sandbox first, where the sandbox is on", () => {
    process.env.SANDBOX = "on";
    expect(connectionModes()).toEqual(["sandbox", "live"]);
  });

  it("sends the app's sandbox set-up calls with the header the sandbox checks", () => {
    process.env.SANDBOX_CONTROL_TOKEN = "fake-control-token";
    expect(sandboxControlHeaders()).toEqual({ [CONTROL_TOKEN_HEADER]: "fake-control-token" });
    delete process.env.SANDBOX_CONTROL_TOKEN;
  });
});
