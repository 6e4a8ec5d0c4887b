import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/vault";
import { describeTypes, sniffContentType } from "@/lib/files/content-type";
import { isObjectKey, keyOrg, objectKey } from "@/lib/files/keys";
import { signLink, verifyLink } from "@/lib/files/links";
import { materialsToken, verifyMaterialsToken } from "@/lib/materials/access";
import { deleteLocal, getLocal, headLocal, listLocal, localRoot, putLocal } from "@/lib/files/local-disk";
import { cleanFilename } from "@/lib/files/records";

const ring = keyringFromEnv({ VAULT_KEYS: `k1:${randomBytes(32).toString("base64")}`, VAULT_CURRENT_KEY_ID: "k1" });
const other = keyringFromEnv({ VAULT_KEYS: `k9:${randomBytes(32).toString("base64")}`, VAULT_CURRENT_KEY_ID: "k9" });
const org = randomUUID();
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b80000000049454e44ae426082", "hex");

describe("object keys", () => {
  it("are made only from ids, and name their organization", () => {
    const id = randomUUID();
    const key = objectKey(org, "material", id);
    expect(key).toBe(`org/${org}/material/${id}`);
    expect(keyOrg(key)).toBe(org);
  });

  it("refuse anything that is not an id, so no typed name reaches a path", () => {
    expect(() => objectKey("../../etc", "material", randomUUID())).toThrow();
    expect(() => objectKey(org, "material", "../passwd")).toThrow();
    for (const k of [`org/${org}/material/../../x`, `org/${org}/cover/${randomUUID()}/..`, "/etc/passwd", `org/${org}/secret/${randomUUID()}`]) {
      expect(isObjectKey(k)).toBe(false);
    }
  });

  it("keep a typed file name for downloads only, without any path", () => {
    expect(cleanFilename("../../etc/passwd")).toBe("passwd");
    expect(cleanFilename("C:\\Users\\ana\\slides.pdf")).toBe("slides.pdf");
    expect(cleanFilename('a"b\u0000c.pdf')).toBe("abc.pdf");
    expect(cleanFilename("..")).toBe("file");
  });
});

describe("signed local links", () => {
  const file = randomUUID();

  it("open the file they were made for until they expire", () => {
    const link = signLink(ring, file, "read", 60);
    expect(verifyLink(ring, link)).toEqual({ ok: true });
    expect(verifyLink(ring, link, Date.now() + 61_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("open nothing else: another file, another use, a stretched expiry, another installation's key", () => {
    const link = signLink(ring, file, "read", 60);
    expect(verifyLink(ring, { ...link, fileId: randomUUID() }).ok).toBe(false);
    expect(verifyLink(ring, { ...link, use: "download" }).ok).toBe(false);
    expect(verifyLink(ring, { ...link, expires: link.expires + 3600 }).ok).toBe(false);
    expect(verifyLink(other, link).ok).toBe(false);
    expect(verifyLink(ring, { ...link, signature: "A".repeat(43) }).ok).toBe(false);
  });

  it("have one spelling: a signature respelled in base64url's spare bits is refused, though it decodes to the same bytes", () => {
    const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // 32 bytes are 43 characters; the last carries 4 bits and 2 spare ones, the lowest of which this flips.
    const respell = (sig: string) => sig.slice(0, -1) + ALPHABET[ALPHABET.indexOf(sig.at(-1)!) ^ 1];
    const link = signLink(ring, file, "read", 60);
    const other = respell(link.signature);
    expect(Buffer.from(other, "base64url").equals(Buffer.from(link.signature, "base64url"))).toBe(true);
    expect(verifyLink(ring, { ...link, signature: other })).toEqual({ ok: false, reason: "invalid" });

    const token = materialsToken(ring, randomUUID(), new Date(Date.now() + 3_600_000));
    expect(verifyMaterialsToken(ring, token).ok).toBe(true);
    expect(verifyMaterialsToken(ring, respell(token))).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("content types", () => {
  it("come from the bytes, not the name", async () => {
    expect(await sniffContentType(PNG)).toBe("image/png");
    expect(await sniffContentType(Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"))).toBe("application/pdf");
    expect(await sniffContentType(Buffer.from("<script>alert(1)</script>"))).toBeNull();
  });

  it("are listed in words for a field error", () => {
    expect(describeTypes(["application/pdf", "image/png", "image/jpeg"])).toBe("PDF, PNG image or JPEG image");
  });
});

describe("the local disk backend", () => {
  let dir: string;
  const before = process.env.SWITCHBOARD_DATA_DIR;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sb-files-"));
    process.env.SWITCHBOARD_DATA_DIR = dir;
  });
  afterAll(() => {
    process.env.SWITCHBOARD_DATA_DIR = before;
  });

  it("keeps, reads, lists and deletes under .data/files, and deleting twice is fine", async () => {
    const key = objectKey(org, "cover", randomUUID());
    await putLocal(key, PNG);
    expect(localRoot()).toBe(path.join(dir, "files"));
    expect(Buffer.from(await getLocal(key))).toEqual(PNG);
    expect(Buffer.from(await getLocal(key, { maxBytes: 8 }))).toEqual(PNG.subarray(0, 8));
    expect(await headLocal(key)).toEqual({ size: PNG.byteLength });
    expect(await listLocal(`org/${org}/`)).toEqual([{ key, size: PNG.byteLength }]);
    expect((await readdir(path.dirname(path.join(dir, "files", key)))).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    await deleteLocal(key);
    await deleteLocal(key);
    expect(await headLocal(key)).toBeNull();
  });

  it("refuses a key or prefix that would leave its directory", async () => {
    await expect(putLocal(`org/${org}/cover/../../../../escape`, PNG)).rejects.toThrow();
    await expect(getLocal("../../etc/passwd")).rejects.toThrow();
    await expect(listLocal("../")).rejects.toThrow();
  });
});
