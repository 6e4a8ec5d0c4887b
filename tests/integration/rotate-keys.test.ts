// Key rotation on a real database: everything sealed under the old key ends up
// under the new one, and nothing a running app wrote meanwhile is overwritten.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { keyringFromEnv, open, seal, sealedKeyId } from "@/lib/vault";
import { rotateAll } from "@/lib/vault/rotate";
import { makeOrg, makeUser } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";
import { waitFor } from "../helpers/wait";

const t = useOrgDatabase();
const entry = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;
const k1 = entry("k1");
const k2 = entry("k2");
const onlyK1 = keyringFromEnv({ VAULT_KEYS: k1, VAULT_CURRENT_KEY_ID: "k1" });
const bothK2 = keyringFromEnv({ VAULT_KEYS: `${k1},${k2}`, VAULT_CURRENT_KEY_ID: "k2" });
const onlyK2 = keyringFromEnv({ VAULT_KEYS: k2, VAULT_CURRENT_KEY_ID: "k2" });

async function seedSealedRows(count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const org = await makeOrg(t.db);
    const row = await t.db
      .insertInto("connections")
      .values({ org_id: org.id, connector_id: "slack", status: "connected" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.updateTable("connections").set({ credentials_sealed: seal(onlyK1, `token-${i}`, row.id) }).where("id", "=", row.id).execute();
    ids.push(row.id);
  }
  const user = await makeUser(t.db, t.orgId, "owner");
  const states: string[] = [];
  for (let i = 0; i < 3; i++) {
    const hash = createHash("sha256").update(`state-${i}-${Math.random()}`).digest("hex");
    await t.db
      .insertInto("oauth_states")
      .values({
        state_hash: hash,
        org_id: t.orgId,
        user_id: user.id,
        connector_id: "google",
        mode: "sandbox",
        code_verifier_sealed: seal(onlyK1, `verifier-${i}`, hash),
        redirect_uri: "http://localhost:3000/api/integrations/google/callback",
        expires_at: new Date(Date.now() + 600_000),
      })
      .execute();
    states.push(hash);
  }
  return { ids, states };
}

describe("rotateAll", () => {
  it("re-seals every connection and OAuth state under the current key, then has nothing left to do", async () => {
    const { ids, states } = await seedSealedRows(5);
    // A connection without credentials is left alone.
    await t.db.insertInto("connections").values({ org_id: (await makeOrg(t.db)).id, connector_id: "zapier" }).execute();

    // Small batches, so paging is exercised too.
    expect(await rotateAll(t.db, bothK2, { batchSize: 2 })).toEqual({ connections: 5, oauthStates: 3, webhookSecrets: 0 });

    const conns = await t.db.selectFrom("connections").select(["id", "credentials_sealed"]).where("id", "in", ids).execute();
    for (const c of conns) {
      expect(sealedKeyId(c.credentials_sealed!)).toBe("k2");
      // The old key is no longer needed to open it.
      expect(open(onlyK2, c.credentials_sealed!, c.id)).toEqual({ plaintext: `token-${ids.indexOf(c.id)}`, stale: false });
    }
    const rows = await t.db.selectFrom("oauth_states").select(["state_hash", "code_verifier_sealed"]).where("state_hash", "in", states).execute();
    for (const s of rows) expect(open(onlyK2, s.code_verifier_sealed!, s.state_hash).plaintext).toBe(`verifier-${states.indexOf(s.state_hash)}`);

    expect(await rotateAll(t.db, bothK2)).toEqual({ connections: 0, oauthStates: 0, webhookSecrets: 0 });
  });

  it("keeps a credential that was saved after it was read", async () => {
    const { ids } = await seedSealedRows(1);
    const id = ids[0]!;
    // The app saves a new credential in a transaction that rotateAll's read does
    // not see; rotateAll's write then waits on that row and, once it commits, must
    // find the value changed and leave it alone.
    const fresh = seal(bothK2, "replaced-by-user", id);
    const app = new pg.Client({ connectionString: t.url });
    await app.connect();
    try {
      await app.query("begin");
      await app.query("update connections set credentials_sealed = $1 where id = $2", [fresh, id]);
      const rotating = rotateAll(t.db, bothK2);
      await waitFor(
        async () => {
          const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query like '%v.new_sealed%'`.execute(t.db);
          return r.rows[0]!.n > 0;
        },
        { what: "rotateAll to wait on the row the app is saving", timeoutMs: 5_000 },
      );
      await app.query("commit");
      // The OAuth states the helper also seeded are rotated; the contested credential is not.
      expect(await rotating).toEqual({ connections: 0, oauthStates: 3, webhookSecrets: 0 });
    } finally {
      await app.end();
    }
    const row = await t.db.selectFrom("connections").select("credentials_sealed").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.credentials_sealed).toBe(fresh);
  });

  it("stops with the row named when a value opens with no listed key", async () => {
    const { ids } = await seedSealedRows(1);
    const err = await rotateAll(t.db, onlyK2).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^connection [0-9a-f-]{36}: Sealed value uses key id "k1"/);
    // Put it right for the other tests in this file.
    await rotateAll(t.db, bothK2);
    expect(sealedKeyId((await t.db.selectFrom("connections").select("credentials_sealed").where("id", "=", ids[0]!).executeTakeFirstOrThrow()).credentials_sealed!)).toBe("k2");
  });
});

describe("npm run rotate-keys", () => {
  const bin = path.resolve("node_modules/.bin");
  const run = (env: Record<string, string>) =>
    spawnSync(path.join(bin, "tsx"), ["scripts/rotate-keys.ts"], {
      encoding: "utf8",
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME ?? "", NODE_ENV: "test", LOG_LEVEL: "silent", ...env },
      timeout: 60_000,
    });

  it("re-seals against DATABASE_URL and prints the counts, without printing the database password", async () => {
    await seedSealedRows(2);
    const first = run({ DATABASE_URL: t.url, VAULT_KEYS: `${k1},${k2}`, VAULT_CURRENT_KEY_ID: "k2" });
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("re-sealed 2 connection credential(s) and 3 OAuth state(s)");
    const password = new URL(t.url).password;
    if (password) expect(first.stdout).not.toContain(password);
    const second = run({ DATABASE_URL: t.url, VAULT_KEYS: `${k1},${k2}`, VAULT_CURRENT_KEY_ID: "k2" });
    expect(second.stdout).toContain("re-sealed 0 connection credential(s) and 0 OAuth state(s)");
  });

  it("exits non-zero with the reason when the keys are misconfigured", () => {
    const r = run({ DATABASE_URL: t.url, VAULT_KEYS: k2 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("[rotate-keys] failed: VAULT_CURRENT_KEY_ID is not set");
    expect(r.stderr).not.toContain(k2.split(":")[1]);
  });
});
