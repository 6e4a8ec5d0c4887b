// Vault key rotation reaches outbound webhook endpoint secrets too: the current
// one and, during a secret rotation, the previous one.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyringFromEnv, open, seal, sealedKeyId } from "@/lib/vault";
import { rotateAll } from "@/lib/vault/rotate";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
const entry = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;
const k1 = entry("k1");
const k2 = entry("k2");
const onlyK1 = keyringFromEnv({ VAULT_KEYS: k1, VAULT_CURRENT_KEY_ID: "k1" });
const bothK2 = keyringFromEnv({ VAULT_KEYS: `${k1},${k2}`, VAULT_CURRENT_KEY_ID: "k2" });
const onlyK2 = keyringFromEnv({ VAULT_KEYS: k2, VAULT_CURRENT_KEY_ID: "k2" });

describe("rotateAll and webhook endpoints", () => {
  it("re-seals current and previous endpoint secrets under the current key", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = crypto.randomUUID();
      const aad = `webhook-endpoint:${id}`;
      await t.db
        .insertInto("webhook_endpoints")
        .values({
          id,
          org_id: t.orgId,
          url: "https://example.com/hook",
          event_types: ["event.published"],
          secret_sealed: seal(onlyK1, `whsec_new${i}`, aad),
          previous_secret_sealed: i === 0 ? seal(onlyK1, "whsec_old0", aad) : null,
          previous_secret_expires_at: i === 0 ? new Date(Date.now() + 3600_000) : null,
        })
        .execute();
      ids.push(id);
    }
    expect(await rotateAll(t.db, bothK2, { batchSize: 2 })).toMatchObject({ webhookSecrets: 4 });
    const rows = await t.db.selectFrom("webhook_endpoints").selectAll().where("id", "in", ids).execute();
    for (const r of rows) {
      const aad = `webhook-endpoint:${r.id}`;
      expect(sealedKeyId(r.secret_sealed)).toBe("k2");
      expect(open(onlyK2, r.secret_sealed, aad).plaintext).toBe(`whsec_new${ids.indexOf(r.id)}`);
      if (r.previous_secret_sealed) expect(open(onlyK2, r.previous_secret_sealed, aad).plaintext).toBe("whsec_old0");
    }
    expect(await rotateAll(t.db, bothK2)).toMatchObject({ webhookSecrets: 0 });
  });
});
