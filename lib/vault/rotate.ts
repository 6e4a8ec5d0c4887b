// Re-seals every stored secret that is not under the current key, so the old key
// can be dropped. Safe while the app runs: a row is rewritten only if it still
// holds the ciphertext that was read, so a credential saved meanwhile is kept.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { VaultError } from "./errors";
import type { Keyring } from "./keyring";
import { open, seal } from "./seal";

export interface RotateResult {
  connections: number;
  oauthStates: number;
  /** Outbound webhook endpoint secrets, current and previous (during a secret rotation) counted apart. */
  webhookSecrets: number;
}

/** One column of sealed values, read and rewritten in batches ordered by the table's key. */
interface SealedColumn {
  table: "connections" | "oauth_states" | "webhook_endpoints";
  key: "id" | "state_hash";
  keyType: "uuid" | "text";
  column: string;
  /** For errors: what a row is ("connection", "OAuth state"). */
  what: string;
  /** The associated data the value was sealed with. */
  aad: (key: string) => string;
}

const SEALED_COLUMNS: SealedColumn[] = [
  { table: "connections", key: "id", keyType: "uuid", column: "credentials_sealed", what: "connection", aad: (id) => id },
  { table: "oauth_states", key: "state_hash", keyType: "text", column: "code_verifier_sealed", what: "OAuth state", aad: (hash) => hash },
  // Outbound webhook endpoints: the signing secret and, during its own rotation overlap, the previous one.
  { table: "webhook_endpoints", key: "id", keyType: "uuid", column: "secret_sealed", what: "webhook endpoint", aad: (id) => `webhook-endpoint:${id}` },
  { table: "webhook_endpoints", key: "id", keyType: "uuid", column: "previous_secret_sealed", what: "webhook endpoint", aad: (id) => `webhook-endpoint:${id}` },
];

export async function rotateAll(db: Db, keyring: Keyring, opts: { batchSize?: number } = {}): Promise<RotateResult> {
  const batchSize = opts.batchSize ?? 200;
  const counts = [];
  for (const c of SEALED_COLUMNS) counts.push(await resealColumn(db, keyring, c, batchSize));
  const [connections = 0, oauthStates = 0, secrets = 0, previousSecrets = 0] = counts;
  return { connections, oauthStates, webhookSecrets: secrets + previousSecrets };
}

async function resealColumn(db: Db, keyring: Keyring, c: SealedColumn, batchSize: number): Promise<number> {
  const key = sql.ref(c.key);
  const column = sql.ref(c.column);
  let count = 0;
  for (let after: string | null = null; ; ) {
    const { rows } = await sql<{ key: string; sealed: string }>`
      select ${key}::text as key, ${column} as sealed from ${sql.table(c.table)}
      where ${column} is not null
        -- starts_with, not LIKE: "_" in a key id would be a wildcard.
        and not starts_with(${column}, ${`v1.${keyring.currentId}.`})
        ${after === null ? sql`` : sql`and ${key} > ${after}::${sql.raw(c.keyType)}`}
      order by ${key} limit ${batchSize}`.execute(db);
    if (rows.length === 0) return count;
    after = rows[rows.length - 1]!.key;
    const batch = rows.map((r) => {
      try {
        return { key: r.key, oldSealed: r.sealed, newSealed: seal(keyring, open(keyring, r.sealed, c.aad(r.key)).plaintext, c.aad(r.key)) };
      } catch (err) {
        // A value that no listed key opens must stop the rotation before the old key is dropped.
        throw new VaultError(`${c.what} ${r.key}: ${(err as Error).message}`);
      }
    });
    // Rewritten only where the row still holds what was read: a value saved meanwhile is kept.
    const result = await sql`
      update ${sql.table(c.table)} t set ${column} = v.new_sealed
      from (values ${sql.join(batch.map((b) => sql`(${b.key}::${sql.raw(c.keyType)}, ${b.oldSealed}, ${b.newSealed})`))}) as v(key, old_sealed, new_sealed)
      where t.${key} = v.key and t.${column} = v.old_sealed`.execute(db);
    count += Number(result.numAffectedRows ?? 0n);
  }
}
