// A connector's periodic work (the contract's `periodic`): archiving what has
// aged, reconciling with the provider's change feed. It runs for a connection
// that is connected (a disabled one, or one waiting for a person to reconnect,
// is left alone) and at most every `everyMinutes`; the run is recorded on the
// connection, so a lost job or a restarted worker neither skips nor doubles it.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { connectorContext } from "@/lib/integrations/connections/context";
import type { Connector } from "@/lib/integrations/contract";
import { loadConnector, loadConnectors } from "@/lib/integrations/registry";
import { appKeyring } from "@/lib/vault/app-keyring";

/** Connected connections whose connector has periodic work and whose last run is older than its interval. */
export async function duePeriodic(db: Db, now = new Date(), connectors?: Connector[]): Promise<string[]> {
  const due: string[] = [];
  for (const c of (connectors ?? (await loadConnectors())).filter((c) => c.periodic)) {
    const rows = await db
      .selectFrom("connections")
      .select("id")
      .where("connector_id", "=", c.id)
      .where("status", "=", "connected")
      .where("credentials_sealed", "is not", null)
      .where((eb) => eb.or([eb("periodic_ran_at", "is", null), eb("periodic_ran_at", "<=", sql<Date>`${now}::timestamptz - make_interval(mins => ${c.periodic!.everyMinutes}::int)`)]))
      .execute();
    due.push(...rows.map((r) => r.id));
  }
  return due;
}

/** Runs one connection's periodic work now; what it returns is the job's outcome in the log. */
export async function runPeriodic(db: Db, connectionId: string, connector?: Connector): Promise<string> {
  const row = await db.selectFrom("connections").selectAll().where("id", "=", connectionId).executeTakeFirst();
  if (!row || row.status !== "connected" || !row.credentials_sealed) return "nothing to do: the connection is not connected";
  const c = connector ?? (await loadConnector(row.connector_id));
  if (!c?.periodic) return "nothing to do: the connector has no periodic work";
  const ctx = await connectorContext(db, appKeyring(), c, row);
  let outcome: string;
  try {
    outcome = await c.periodic.run(ctx);
  } catch (err) {
    // Recorded either way: the next run is due after the interval, not at once, so a failing provider is not hammered.
    await record(db, connectionId, `failed: ${(err as Error).message}`);
    throw err;
  }
  await record(db, connectionId, outcome);
  return outcome;
}

async function record(db: Db, connectionId: string, outcome: string): Promise<void> {
  await db.updateTable("connections").set({ periodic_ran_at: new Date(), periodic_outcome: outcome.slice(0, 500) }).where("id", "=", connectionId).execute();
}
