// The vault's keys, read from the environment. Several keys may be listed so that
// values sealed under an older key still open while they are being re-sealed;
// only the current one seals.
import { randomBytes } from "node:crypto";
import { VaultError } from "./errors";

export interface Keyring {
  currentId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
// Standard or URL-safe alphabet, padded or not: Buffer.from(_, "base64") would
// silently skip anything else, and a mangled key must not pass as a short one.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function isValidKeyId(id: string): boolean {
  return KEY_ID.test(id);
}

export function keyringFromEnv(env: Record<string, string | undefined> = process.env): Keyring {
  const raw = env.VAULT_KEYS?.trim();
  if (!raw) {
    throw new VaultError(
      "VAULT_KEYS is not set. Set it to comma-separated keyId:base64 entries of 32 random bytes " +
        "(for example VAULT_KEYS=k1:$(openssl rand -base64 32)) and VAULT_CURRENT_KEY_ID to the id that seals.",
    );
  }
  const keys = new Map<string, Buffer>();
  const entries = raw.split(",").map((e) => e.trim()).filter(Boolean);
  entries.forEach((entry, i) => {
    const where = `VAULT_KEYS entry ${i + 1}`;
    const colon = entry.indexOf(":");
    if (colon < 0) throw new VaultError(`${where} is not in the form keyId:base64key`);
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    // The id is not echoed when invalid: a pasted key in the wrong place would leak.
    if (!isValidKeyId(id)) throw new VaultError(`${where} has an invalid key id (1 to 32 characters of A-Z a-z 0-9 _ -)`);
    if (keys.has(id)) throw new VaultError(`VAULT_KEYS lists key id "${id}" twice`);
    const key = BASE64.test(encoded) ? Buffer.from(encoded, "base64") : Buffer.alloc(0);
    if (key.length !== KEY_BYTES) {
      throw new VaultError(`VAULT_KEYS key "${id}" must be base64 of exactly ${KEY_BYTES} bytes (it decodes to ${key.length})`);
    }
    keys.set(id, key);
  });
  if (keys.size === 0) throw new VaultError("VAULT_KEYS has no entries");

  const currentId = env.VAULT_CURRENT_KEY_ID?.trim();
  const known = [...keys.keys()].join(", ");
  if (!currentId) {
    throw new VaultError(`VAULT_CURRENT_KEY_ID is not set; set it to the id in VAULT_KEYS that seals new values (one of: ${known})`);
  }
  if (!keys.has(currentId)) {
    throw new VaultError(`VAULT_CURRENT_KEY_ID "${currentId}" is not one of the key ids in VAULT_KEYS (${known})`);
  }
  return { currentId, keys };
}

/** A fresh "keyId:base64" entry for VAULT_KEYS. */
export function generateKeyEntry(keyId: string): string {
  if (!isValidKeyId(keyId)) throw new VaultError("Key id must be 1 to 32 characters of A-Z a-z 0-9 _ -");
  return `${keyId}:${randomBytes(KEY_BYTES).toString("base64")}`;
}
