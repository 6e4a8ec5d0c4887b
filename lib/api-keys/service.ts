// Organization API keys, for Zapier and the /api/v1 REST API. A key is shown once
// when it is made; only its SHA-256 is stored, so a database leak reveals none.
// Keys are long and random, so a plain hash (no salt, no slow KDF) is enough and
// lets a request be matched with one indexed lookup.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { NotFoundError, parseOrThrow } from "@/lib/domain/errors";

const KEY_PREFIX = "sbk_";
/** How much of a key the list shows, so a person can tell keys apart. */
const SHOWN_CHARS = KEY_PREFIX.length + 6;
/** last_used_at is a hint for people; writing it on every request would make each one a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const apiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name, such as where it is used").max(100, "At most 100 characters"),
});

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(30).toString("base64url");
}

export async function createApiKey(db: Db, orgId: string, userId: string | null, input: unknown): Promise<{ id: string; key: string; name: string; prefix: string }> {
  const { name } = parseOrThrow(apiKeyInput, input);
  const key = generateApiKey();
  const row = await db
    .insertInto("api_keys")
    .values({ org_id: orgId, name, prefix: key.slice(0, SHOWN_CHARS), key_hash: hashApiKey(key), created_by: userId })
    .returning(["id", "name", "prefix"])
    .executeTakeFirstOrThrow();
  return { ...row, key };
}

export async function listApiKeys(db: Db, orgId: string) {
  return db
    .selectFrom("api_keys")
    .select(["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"])
    .where("org_id", "=", orgId)
    .orderBy("created_at", "desc")
    .execute();
}

export async function revokeApiKey(db: Db, orgId: string, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError("API key");
  const res = await db
    .updateTable("api_keys")
    .set({ revoked_at: new Date() })
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) {
    const exists = await db.selectFrom("api_keys").select("id").where("id", "=", id).where("org_id", "=", orgId).executeTakeFirst();
    if (!exists) throw new NotFoundError("API key");
  }
}

export interface ApiPrincipal {
  apiKeyId: string;
  orgId: string;
}

/** The organization a presented key speaks for; undefined for an unknown or revoked key. */
export async function authenticateApiKey(db: Db, presented: string | null | undefined): Promise<ApiPrincipal | undefined> {
  if (!presented || !presented.startsWith(KEY_PREFIX) || presented.length > 200) return undefined;
  const row = await db
    .selectFrom("api_keys")
    .select(["id", "org_id", "last_used_at"])
    .where("key_hash", "=", hashApiKey(presented))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.updateTable("api_keys").set({ last_used_at: new Date() }).where("id", "=", row.id).execute();
  }
  return { apiKeyId: row.id, orgId: row.org_id };
}

/** Zapier sends the key as X-API-Key; other clients may use Authorization: Bearer. */
export function presentedApiKey(headers: Headers): string | null {
  const header = headers.get("x-api-key");
  if (header) return header.trim();
  const auth = headers.get("authorization");
  const m = auth?.match(/^Bearer\s+(\S+)$/i);
  return m ? m[1]! : null;
}
