import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateKeyEntry, keyringFromEnv, maskSecret, open, openJson, seal, sealJson, VaultError, type Keyring } from "@/lib/vault";

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const env = (current: string, keys = `k1:${k1.toString("base64")},k2:${k2.toString("base64")}`) => ({ VAULT_KEYS: keys, VAULT_CURRENT_KEY_ID: current });
const ring1 = keyringFromEnv(env("k1"));
const ring2 = keyringFromEnv(env("k2"));
const owner = "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b";

/** Replaces one base64url part of an envelope with the same bytes, one bit flipped. */
function flip(sealed: string, part: 2 | 3 | 4): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

describe("vault seal/open", () => {
  it("round-trips text and JSON, with the format version and key id in the envelope", () => {
    const sealed = seal(ring1, "xoxb-secret-token", owner);
    expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("secret");
    expect(open(ring1, sealed, owner)).toEqual({ plaintext: "xoxb-secret-token", stale: false });
    expect(open(ring1, seal(ring1, "", owner), owner).plaintext).toBe("");
    expect(open(ring1, seal(ring1, "ünïcødé ✓", owner), owner).plaintext).toBe("ünïcødé ✓");

    const value = { accessToken: "ya29.abc", scopes: ["a", "b"], expiresAt: "2030-01-01T00:00:00Z" };
    expect(openJson(ring1, sealJson(ring1, value, owner), owner)).toEqual({ value, stale: false });
  });

  it("uses a fresh IV every time", () => {
    expect(seal(ring1, "same", owner)).not.toBe(seal(ring1, "same", owner));
  });

  it.each([
    ["IV", 2],
    ["tag", 3],
    ["ciphertext", 4],
  ] as const)("refuses a tampered %s", (_what, part) => {
    const sealed = seal(ring1, "the plaintext", owner);
    const err = thrown(() => open(ring1, flip(sealed, part), owner));
    expect(err).toBeInstanceOf(VaultError);
    expect(err.message).not.toContain("the plaintext");
  });

  it("refuses a truncated tag rather than checking fewer bytes", () => {
    const parts = seal(ring1, "x", owner).split(".");
    parts[3] = Buffer.from(parts[3]!, "base64url").subarray(0, 4).toString("base64url");
    expect(() => open(ring1, parts.join("."), owner)).toThrow(VaultError);
  });

  it("refuses a value moved to another owner (wrong associated data)", () => {
    const sealed = seal(ring1, "secret", owner);
    expect(() => open(ring1, sealed, "another-connection-id")).toThrow(/altered, or it belongs to another owner/);
  });

  it("opens a value sealed under an older key and flags it stale", () => {
    const old = seal(ring1, "secret", owner);
    expect(open(ring2, old, owner)).toEqual({ plaintext: "secret", stale: true });
    expect(openJson(ring2, sealJson(ring1, { a: 1 }, owner), owner)).toEqual({ value: { a: 1 }, stale: true });
    expect(seal(ring2, "secret", owner)).toMatch(/^v1\.k2\./);
  });

  it("names an unknown key id without revealing any key material", () => {
    const onlyK2: Keyring = keyringFromEnv(env("k2", `k2:${k2.toString("base64")}`));
    const err = thrown(() => open(onlyK2, seal(ring1, "secret", owner), owner));
    expect(err).toBeInstanceOf(VaultError);
    expect(err.message).toContain('"k1"');
    expect(err.message).not.toContain(k1.toString("base64"));
    expect(err.message).not.toContain(k2.toString("base64"));
    expect(err.message).not.toContain("secret");
  });

  it("refuses text that is not an envelope", () => {
    expect(() => open(ring1, "plain text", owner)).toThrow(VaultError);
    expect(() => open(ring1, "v2.k1.a.b.c", owner)).toThrow(VaultError);
    expect(() => openJson(ring1, seal(ring1, "not json", owner), owner)).toThrow(VaultError);
  });
});

describe("keyringFromEnv", () => {
  it("reads several keys and the current id, with whitespace and base64url tolerated", () => {
    const ring = keyringFromEnv({ VAULT_KEYS: ` a_1:${k1.toString("base64url")} , b-2:${k2.toString("base64")},`, VAULT_CURRENT_KEY_ID: "b-2" });
    expect(ring.currentId).toBe("b-2");
    expect([...ring.keys.keys()]).toEqual(["a_1", "b-2"]);
    expect(ring.keys.get("a_1")!.equals(k1)).toBe(true);
  });

  it.each([
    ["missing VAULT_KEYS", {}, /^VAULT_KEYS is not set/],
    ["an entry without a colon", { VAULT_KEYS: k1.toString("base64"), VAULT_CURRENT_KEY_ID: "k1" }, /^VAULT_KEYS entry 1 is not in the form/],
    ["an invalid key id", { VAULT_KEYS: `bad.id:${k1.toString("base64")}`, VAULT_CURRENT_KEY_ID: "k1" }, /^VAULT_KEYS entry 1 has an invalid key id/],
    ["a key id that is too long", { VAULT_KEYS: `${"a".repeat(33)}:${k1.toString("base64")}` }, /^VAULT_KEYS entry 1 has an invalid key id/],
    ["a 16-byte key", { VAULT_KEYS: `k1:${randomBytes(16).toString("base64")}`, VAULT_CURRENT_KEY_ID: "k1" }, /^VAULT_KEYS key "k1" must be base64 of exactly 32 bytes \(it decodes to 16\)/],
    ["a key that is not base64", { VAULT_KEYS: `k1:${"!".repeat(44)}`, VAULT_CURRENT_KEY_ID: "k1" }, /^VAULT_KEYS key "k1" must be base64 of exactly 32 bytes/],
    ["a duplicated id", { VAULT_KEYS: `k1:${k1.toString("base64")},k1:${k2.toString("base64")}`, VAULT_CURRENT_KEY_ID: "k1" }, /^VAULT_KEYS lists key id "k1" twice/],
    ["missing VAULT_CURRENT_KEY_ID", { VAULT_KEYS: `k1:${k1.toString("base64")}` }, /^VAULT_CURRENT_KEY_ID is not set.*\(one of: k1\)/],
    ["an unknown current id", { VAULT_KEYS: `k1:${k1.toString("base64")}`, VAULT_CURRENT_KEY_ID: "k9" }, /^VAULT_CURRENT_KEY_ID "k9" is not one of the key ids in VAULT_KEYS \(k1\)/],
  ])("refuses %s, naming the variable", (_what, badEnv, message) => {
    const err = thrown(() => keyringFromEnv(badEnv as Record<string, string>));
    expect(err).toBeInstanceOf(VaultError);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain(k1.toString("base64"));
  });

  it("does not echo a key pasted where the id belongs", () => {
    const key = k1.toString("base64");
    const err = thrown(() => keyringFromEnv({ VAULT_KEYS: `${key}:k1`, VAULT_CURRENT_KEY_ID: "k1" }));
    expect(err.message).not.toContain(key.slice(0, 20));
  });

  it("generates entries that parse as 32-byte keys", () => {
    const entry = generateKeyEntry("k3");
    expect(entry).toMatch(/^k3:[A-Za-z0-9+/]{43}=$/);
    const ring = keyringFromEnv({ VAULT_KEYS: entry, VAULT_CURRENT_KEY_ID: "k3" });
    expect(ring.keys.get("k3")!.length).toBe(32);
    expect(generateKeyEntry("k3")).not.toBe(entry);
    expect(() => generateKeyEntry("no spaces")).toThrow(VaultError);
  });
});

describe("maskSecret", () => {
  it("shows only the last four characters, and nothing of a short secret", () => {
    expect(maskSecret("SG.abcdefgh.ijkl1234")).toBe("••••1234");
    expect(maskSecret("12345678")).toBe("••••5678");
    expect(maskSecret("1234567")).toBe("••••");
    expect(maskSecret("")).toBe("••••");
  });
});
