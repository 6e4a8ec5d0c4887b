import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { keyringFromEnv, open, seal } from "@/lib/vault";
import { ensureLocalVaultKey } from "@/lib/vault/local-key";

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "vault-"));
  dirs.push(dir);
  return path.join(dir, "data");
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("ensureLocalVaultKey", () => {
  it("creates a key once, readable only by its owner, and returns the same one afterwards", async () => {
    const dir = await tempDir();
    const first = await ensureLocalVaultKey(dir);
    const ring = keyringFromEnv(first);
    expect(ring.keys.get(ring.currentId)!.length).toBe(32);
    expect((await stat(path.join(dir, "vault-keys"))).mode & 0o777).toBe(0o600);

    const sealed = seal(ring, "secret", "owner");
    const again = await ensureLocalVaultKey(dir);
    expect(again).toEqual(first);
    expect(open(keyringFromEnv(again), sealed, "owner").plaintext).toBe("secret");
  });

  it("ends with one key when several processes start at once", async () => {
    const dir = await tempDir();
    const results = await Promise.all(Array.from({ length: 8 }, () => ensureLocalVaultKey(dir)));
    expect(new Set(results.map((r) => r.VAULT_KEYS)).size).toBe(1);
    const text = await readFile(path.join(dir, "vault-keys"), "utf8");
    expect(text).toContain(`VAULT_KEYS=${results[0]!.VAULT_KEYS}`);
  });

  it("refuses a damaged key file, naming it, instead of replacing the key", async () => {
    const dir = await tempDir();
    await ensureLocalVaultKey(dir);
    const file = path.join(dir, "vault-keys");
    await writeFile(file, "VAULT_KEYS=local1:tooshort\nVAULT_CURRENT_KEY_ID=local1\n");
    await expect(ensureLocalVaultKey(dir)).rejects.toThrow(`${file}: VAULT_KEYS key "local1" must be base64 of exactly 32 bytes`);
  });
});
