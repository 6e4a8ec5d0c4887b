// Re-seals every stored secret that is not under the current key, so the old key
// can be dropped. Safe while the app runs: a row is rewritten only if it still
// holds the ciphertext that was read, so a credential saved meanwhile is kept.
import { sql, type RawBuilder } from "kysely";
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

interface Resealed {
  owner: string;
  oldSealed: string;
  newSealed: string;
}

export async function rotateAll(db: Db, keyring: Keyring, opts: { batchSize?: number } = {}): Promise<RotateResult> {
  const batchSize = opts.batchSize ?? 200;
  // starts_with, not LIKE: "_" in a key id would be a wildcard.
  const stale = (column: string) => sql<boolean>`not starts_with(${sql.ref(column)}, ${`v1.${keyring.currentId}.`})`;
  const reseal = (what: string, owner: string, oldSealed: string): Resealed => {
    try {
      return { owner, oldSealed, newSealed: seal(keyring, open(keyring, oldSealed, owner).plaintext, owner) };
    } catch (err) {
      // A value that no listed key opens must stop the rotation before the old key is dropped.
      throw new VaultError(`${what} ${owner}: ${(err as Error).message}`);
    }
  };

  let connections = 0;
  for (let after: string | null = null; ; ) {
    let query = db
      .selectFrom("connections")
      .select(["id", "credentials_sealed"])
      .where("credentials_sealed", "is not", null)
      .where(stale("credentials_sealed"))
      .orderBy("id")
      .limit(batchSize);
    if (after) query = query.where("id", ">", after);
    const rows = await query.execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const batch = rows.map((r) => reseal("connection", r.id, r.credentials_sealed!));
    connections += await compareAndSet(db, sql`
      update connections t set credentials_sealed = v.new_sealed
      from (values ${values(batch, (b) => sql`(${b.owner}::uuid, ${b.oldSealed}, ${b.newSealed})`)}) as v(owner, old_sealed, new_sealed)
      where t.id = v.owner and t.credentials_sealed = v.old_sealed`);
  }

  let oauthStates = 0;
  for (let after: string | null = null; ; ) {
    let query = db
      .selectFrom("oauth_states")
      .select(["state_hash", "code_verifier_sealed"])
      .where("code_verifier_sealed", "is not", null)
      .where(stale("code_verifier_sealed"))
      .orderBy("state_hash")
      .limit(batchSize);
    if (after) query = query.where("state_hash", ">", after);
    const rows = await query.execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.state_hash;
    const batch = rows.map((r) => reseal("OAuth state", r.state_hash, r.code_verifier_sealed!));
    oauthStates += await compareAndSet(db, sql`
      update oauth_states t set code_verifier_sealed = v.new_sealed
      from (values ${values(batch, (b) => sql`(${b.owner}, ${b.oldSealed}, ${b.newSealed})`)}) as v(owner, old_sealed, new_sealed)
      where t.state_hash = v.owner and t.code_verifier_sealed = v.old_sealed`);
  }
  // Outbound webhook endpoints: the signing secret and, during its own rotation
  // overlap, the previous one. Both are sealed with "webhook-endpoint:<id>".
  let webhookSecrets = 0;
  for (const column of ["secret_sealed", "previous_secret_sealed"] as const) {
    for (let after: string | null = null; ; ) {
      let query = db
        .selectFrom("webhook_endpoints")
        .select(["id", column])
        .where(column, "is not", null)
        .where(stale(column))
        .orderBy("id")
        .limit(batchSize);
      if (after) query = query.where("id", ">", after);
      const rows = await query.execute();
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      const batch = rows.map((r) => {
        const aad = `webhook-endpoint:${r.id}`;
        const resealed = reseal("webhook endpoint", aad, (r as Record<string, string>)[column]!);
        return { ...resealed, owner: r.id };
      });
      webhookSecrets += await compareAndSet(db, sql`
        update webhook_endpoints t set ${sql.ref(column)} = v.new_sealed
        from (values ${values(batch, (b) => sql`(${b.owner}::uuid, ${b.oldSealed}, ${b.newSealed})`)}) as v(owner, old_sealed, new_sealed)
        where t.id = v.owner and t.${sql.ref(column)} = v.old_sealed`);
    }
  }
  return { connections, oauthStates, webhookSecrets };
}

function values(batch: Resealed[], row: (b: Resealed) => RawBuilder<unknown>) {
  return sql.join(batch.map(row));
}

async function compareAndSet(db: Db, statement: RawBuilder<unknown>): Promise<number> {
  const result = await statement.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
