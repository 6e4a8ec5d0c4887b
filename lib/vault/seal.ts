// AES-256-GCM envelopes: "v1.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts).
// The key id travels with the ciphertext so keys rotate without downtime, and the
// owner's id is the associated data, so a value copied onto another row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { VaultError } from "./errors";
import type { Keyring } from "./keyring";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(keyring: Keyring, plaintext: string, aad: string): string {
  const key = keyring.keys.get(keyring.currentId);
  if (!key) throw new VaultError(`The current key "${keyring.currentId}" is not in the keyring`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, keyring.currentId, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** `stale` means the value was sealed under an older key: re-seal it when convenient. */
export function open(keyring: Keyring, sealed: string, aad: string): { plaintext: string; stale: boolean } {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new VaultError("Sealed value is not a v1 vault envelope");
  const [, keyId, ivText, tagText, ciphertextText] = parts as [string, string, string, string, string];
  const key = keyring.keys.get(keyId);
  if (!key) {
    throw new VaultError(`Sealed value uses key id "${keyId}", which is not in VAULT_KEYS (known: ${[...keyring.keys.keys()].join(", ")})`);
  }
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  // An explicit tag length matters: GCM would otherwise accept a truncated tag.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new VaultError("Sealed value is malformed");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]).toString("utf8");
    return { plaintext, stale: keyId !== keyring.currentId };
  } catch {
    throw new VaultError("Sealed value could not be opened: it was altered, or it belongs to another owner");
  }
}

export function sealJson(keyring: Keyring, value: unknown, aad: string): string {
  return seal(keyring, JSON.stringify(value), aad);
}

export function openJson<T>(keyring: Keyring, sealed: string, aad: string): { value: T; stale: boolean } {
  const { plaintext, stale } = open(keyring, sealed, aad);
  try {
    return { value: JSON.parse(plaintext) as T, stale };
  } catch {
    throw new VaultError("Sealed value is not JSON");
  }
}

/** The key id a value was sealed under, without opening it. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 5 && parts[0] === VERSION ? (parts[1] ?? null) : null;
}
