// Embedded/demo mode has no operator to set VAULT_KEYS, so a key is made once and
// kept next to the embedded database. The file holds the two variables as
// NAME=value lines; to rotate locally, add an entry and change the current id there.
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { VaultError } from "./errors";
import { generateKeyEntry, keyringFromEnv } from "./keyring";

export type VaultEnv = {
  VAULT_KEYS: string;
  VAULT_CURRENT_KEY_ID: string;
};

const FILE = "vault-keys";
const LOCAL_KEY_ID = "local1";

export async function ensureLocalVaultKey(dataDir: string): Promise<VaultEnv> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, FILE);
  const existing = await readIfExists(file);
  if (existing !== null) return parse(existing, file);

  const text = `VAULT_KEYS=${generateKeyEntry(LOCAL_KEY_ID)}\nVAULT_CURRENT_KEY_ID=${LOCAL_KEY_ID}\n`;
  // Written whole to a temporary name, then linked into place: link() fails if
  // another process got there first, so two starts never end with two keys.
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  try {
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    await unlink(tmp).catch(() => {});
  }
  return parse(await readFile(file, "utf8"), file);
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

function parse(text: string, file: string): VaultEnv {
  const env: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf("=");
    if (eq > 0 && !line.trimStart().startsWith("#")) env[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  try {
    keyringFromEnv(env);
  } catch (err) {
    throw new VaultError(`${file}: ${(err as Error).message}`);
  }
  return { VAULT_KEYS: env.VAULT_KEYS!, VAULT_CURRENT_KEY_ID: env.VAULT_CURRENT_KEY_ID! };
}
