// Credentials sealed under an older vault key are re-sealed under the current
// one the first time they are read, without anyone running a migration.
import { describe, expect, it } from "vitest";
import { readCredentials, sealCredentials } from "@/lib/integrations/connections/credentials";
import { generateKeyEntry, keyringFromEnv, sealedKeyId } from "@/lib/vault";
import { insertConnection } from "../helpers/connections";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();

describe("connection credentials", () => {
  it("re-seal lazily under the current key, and only once", async () => {
    const k1 = generateKeyEntry("k1");
    const k2 = generateKeyEntry("k2");
    const old = keyringFromEnv({ VAULT_KEYS: k1, VAULT_CURRENT_KEY_ID: "k1" });
    const rotated = keyringFromEnv({ VAULT_KEYS: `${k1},${k2}`, VAULT_CURRENT_KEY_ID: "k2" });
    const row = await insertConnection(t.db, { orgId: t.orgId, connectorId: "sendgrid" });
    const sealed = sealCredentials(old, row.id, { apiKey: "SG.lazy-reseal.key00001" });
    await t.db.updateTable("connections").set({ credentials_sealed: sealed }).where("id", "=", row.id).execute();

    const first = await t.db.selectFrom("connections").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(await readCredentials(t.db, rotated, first, "SendGrid")).toEqual({ apiKey: "SG.lazy-reseal.key00001" });
    const after = await t.db.selectFrom("connections").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(sealedKeyId(after.credentials_sealed!)).toBe("k2");
    // Now readable with the new key alone: the old one can be retired.
    const onlyNew = keyringFromEnv({ VAULT_KEYS: k2, VAULT_CURRENT_KEY_ID: "k2" });
    expect(await readCredentials(t.db, onlyNew, after, "SendGrid")).toEqual({ apiKey: "SG.lazy-reseal.key00001" });
  });

  it("do not open on another connection's row", async () => {
    const keyring = keyringFromEnv({ VAULT_KEYS: generateKeyEntry("k1"), VAULT_CURRENT_KEY_ID: "k1" });
    const a = await insertConnection(t.db, { orgId: t.orgId, connectorId: "slack" });
    const b = await insertConnection(t.db, { orgId: t.orgId, connectorId: "google-calendar" });
    const sealedForA = sealCredentials(keyring, a.id, { accessToken: "xoxb-fake-token-for-a" });
    await expect(readCredentials(t.db, keyring, { ...b, credentials_sealed: sealedForA }, "Google")).rejects.toThrow();
  });
});
