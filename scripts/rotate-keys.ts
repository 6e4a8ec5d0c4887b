// `npm run rotate-keys`: re-seals every stored credential, OAuth verifier and webhook endpoint secret under
// the current vault key, so an old key can be retired. Safe to run while the app
// serves traffic: a row changed meanwhile is left as it is, and runs are repeatable.
//
// Rotating the vault key without downtime:
//   1. Add a new key to VAULT_KEYS next to the old one, e.g.
//        VAULT_KEYS=k1:<old base64>,k2:<new base64>   (new key: openssl rand -base64 32)
//      and set VAULT_CURRENT_KEY_ID=k2. Old values still open with k1; new ones seal with k2.
//   2. Deploy that configuration to every server and worker process, so none seals under k1 any more.
//   3. Run `npm run rotate-keys` with the same VAULT_KEYS/VAULT_CURRENT_KEY_ID and DATABASE_URL.
//      It prints how many values it re-sealed; a second run must print 0, 0 and 0.
//   4. Remove k1 from VAULT_KEYS and deploy again.
// In embedded mode (no DATABASE_URL, while `npm start` runs) the keys live in
// .data/vault-keys as the same two variables: edit them there, restart, then run this.
import { createDb } from "@/lib/db/client";
import { ensureLocalVaultKey } from "@/lib/vault/local-key";
import { keyringFromEnv } from "@/lib/vault/keyring";
import { rotateAll } from "@/lib/vault/rotate";
import { dataDir, redactUrl, runningEmbeddedUrl } from "@/lib/runtime/bootstrap";

const say = (line: string) => console.log(`[rotate-keys] ${line}`);

async function main() {
  const url = process.env.DATABASE_URL || (await runningEmbeddedUrl());
  const env = process.env.VAULT_KEYS ? process.env : { ...process.env, ...(await ensureLocalVaultKey(dataDir())) };
  const keyring = keyringFromEnv(env);
  say(`database: ${redactUrl(url)}; sealing under key "${keyring.currentId}" (keys known: ${[...keyring.keys.keys()].join(", ")})`);
  const db = createDb(url, 2);
  try {
    const result = await rotateAll(db, keyring);
    say(`re-sealed ${result.connections} connection credential(s) and ${result.oauthStates} OAuth state(s); ${result.webhookSecrets} webhook endpoint secret(s)`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`[rotate-keys] failed: ${(err as Error).message}`);
  process.exit(1);
});
