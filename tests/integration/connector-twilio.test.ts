// Twilio end to end against the sandbox: connecting with the auth token or an API
// key, the senders chosen from the account's own, and field errors that say what is wrong.
import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { appKeyring } from "@/lib/vault/app-keyring";
import { connectWithApiKey, testConnection } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { connectorPage } from "@/lib/integrations/views";
import { useIntegrationHarness } from "../helpers/integration-harness";

const { t, sandbox, owner } = useIntegrationHarness();

const ACCOUNT = "AC0000000000000000000000000000a001";
const TOKEN = "fake0auth0token0for0sandbox00a01";

const connect = (fields: Record<string, string>) =>
  connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "twilio", mode: "sandbox", fields });

async function fieldErrorsOf(p: Promise<unknown>) {
  const err = await p.catch((e) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors;
}

describe("Twilio connection", () => {
  it("says which field is wrong without calling Twilio", async () => {
    const before = (await sandbox.requests("twilio")).length;
    expect((await fieldErrorsOf(connect({ accountSid: "12345", authToken: TOKEN }))).accountSid![0]).toMatch(/starts with AC/);
    expect((await fieldErrorsOf(connect({ accountSid: ACCOUNT }))).authToken![0]).toMatch(/auth token, or an API key SID and secret/);
    expect((await fieldErrorsOf(connect({ accountSid: ACCOUNT, apiKeySid: "SK0000000000000000000000000000a002" }))).apiKeySecret![0]).toMatch(/secret/);
    expect((await sandbox.requests("twilio")).length).toBe(before);
  });

  it("names the auth token when Twilio refuses it, and stores nothing", async () => {
    // The account exists in the sandbox with its own token once it has been used.
    await connect({ accountSid: "AC0000000000000000000000000000b001", authToken: "fake0auth0token0for0sandbox00b01" }).catch(() => undefined);
    await t.db.deleteFrom("connections").where("org_id", "=", t.orgId).where("connector_id", "=", "twilio").execute();
    const errors = await fieldErrorsOf(connect({ accountSid: "AC0000000000000000000000000000b001", authToken: "wrong0auth0token0for0sandbox0b01" }));
    expect(errors.authToken![0]).toMatch(/^Twilio refused this Auth token: Twilio answered 401 \(error 20003\)/);
    const row = await findConnection(t.db, t.orgId, "twilio");
    expect(row?.credentials_sealed ?? null).toBeNull();
    const calls = await t.db.selectFrom("integration_calls").select(["error"]).where("connector_id", "=", "twilio").execute();
    expect(JSON.stringify(calls)).not.toContain("wrong0auth0token");
  });

  it("connects with the auth token, tests the connection, and offers the account's own numbers and services as senders", async () => {
    await t.db.deleteFrom("connections").where("org_id", "=", t.orgId).where("connector_id", "=", "twilio").execute();
    const tested = await connect({ accountSid: ACCOUNT, authToken: TOKEN });
    expect(tested.detail).toMatch(/with the auth token; 3 senders/);
    const row = (await findConnection(t.db, t.orgId, "twilio"))!;
    expect(row.status).toBe("connected");
    expect(row.external_account_id).toBe(ACCOUNT);
    expect(row.credentials_sealed).not.toContain(TOKEN);
    expect((await testConnection(t.db, appKeyring(), t.orgId, "twilio")).detail).toMatch(/Sandbox account/);

    const before = (await sandbox.requests("twilio")).length;
    const page = await connectorPage(t.db, t.orgId, (await loadConnector("twilio"))!);
    // Four fields choose among the account's numbers or templates: each list is read once per page load.
    const asked = ((await sandbox.requests("twilio")) as Array<{ method: string; path: string }>).slice(before).map((r) => `${r.method} ${r.path.split("?")[0]}`);
    expect(asked.filter((r) => r.includes("/IncomingPhoneNumbers"))).toHaveLength(1);
    expect(new Set(asked).size).toBe(asked.length);
    const sender = page.fields.find((f) => f.name === "sender")!;
    const accounts = (await sandbox.control("twilio/accounts", undefined, "GET")) as Array<{ sid: string; numbers: Array<{ phoneNumber: string }>; services: Array<{ sid: string }> }>;
    const mine = accounts.find((a) => a.sid === ACCOUNT)!;
    expect(sender.choices!.map((c) => c.value)).toEqual([...mine.numbers.map((n) => n.phoneNumber), mine.services[0]!.sid]);
    expect(sender.choices!.at(-1)!.label).toBe("Messaging Service: Sandbox Notifications");
  });

  it("connects with an API key SID and secret instead of the auth token", async () => {
    await t.db.deleteFrom("connections").where("org_id", "=", t.orgId).where("connector_id", "=", "twilio").execute();
    const tested = await connect({ accountSid: ACCOUNT, apiKeySid: "SK0000000000000000000000000000a003", apiKeySecret: "fake-api-key-secret-a003" });
    expect(tested.detail).toMatch(/with an API key/);
    const logged = (await sandbox.requests("twilio")).at(-1);
    expect(logged.status).toBe(200);
  });
});

describe("Twilio failures, as the call policy sees them", () => {
  it("reads a 429's Retry-After and Twilio's codes: 20003 is auth, a refused parameter is invalid, no answer is transient", async () => {
    const connector = (await loadConnector("twilio"))!;
    const { callTwilio } = await import("@/lib/integrations/twilio/client");
    const ctx = {
      credentials: { accountSid: ACCOUNT, authToken: TOKEN, apiKeySid: "", apiKeySecret: "" },
      settings: { sender: "", sendConfirmations: true },
      baseUrl: `${sandbox.url}/twilio/`,
      connection: { id: "x", orgId: t.orgId, connectorId: "twilio", mode: "sandbox" as const, externalAccountId: null, scopes: [], enabled: true },
      call: <T>(_op: string, fn: (signal: AbortSignal) => Promise<T>) => fn(new AbortController().signal),
    };
    const failure = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a failure"); }, (e: unknown) => connector.classifyError(e));

    await sandbox.control("faults", { provider: "twilio", kind: "rate_limit", retryAfterSeconds: 7, times: 1 });
    expect(await failure(callTwilio(ctx as never, "accounts.fetch", (c) => c.api.v2010.accounts(ACCOUNT).fetch()))).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 7000 });
    expect(await failure(callTwilio({ ...ctx, credentials: { ...ctx.credentials, authToken: "wrong0auth0token0for0sandbox0a01" } } as never, "accounts.fetch", (c) => c.api.v2010.accounts(ACCOUNT).fetch()))).toMatchObject({ kind: "auth", status: 401 });
    const invalid = await failure(callTwilio(ctx as never, "messages.create", (c) => c.messages.create({ to: "+14155550123", from: "+14155550000", body: "x" })));
    expect(invalid).toMatchObject({ kind: "invalid", status: 400 });
    expect(invalid.message).toContain("error 21606");
    await sandbox.control("faults", { provider: "twilio", kind: "status", status: 503, times: 1 });
    expect(await failure(callTwilio(ctx as never, "accounts.fetch", (c) => c.api.v2010.accounts(ACCOUNT).fetch()))).toMatchObject({ kind: "transient", status: 503 });
    const offline = { ...ctx, baseUrl: "http://127.0.0.1:9/twilio/" };
    expect((await failure(callTwilio(offline as never, "accounts.fetch", (c) => c.api.v2010.accounts(ACCOUNT).fetch()))).kind).toBe("transient");
  });
});
