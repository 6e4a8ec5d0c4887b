// The organizations and Stripe connections the load is addressed to, written
// straight to the database with the test helpers, so the bench exercises the
// same rows (sealed credentials included) the product's own setup would write.
import type { Db } from "@/lib/db/client";
import { findManifest } from "@/lib/integrations/registry";
import { insertConnection } from "@/tests/helpers/connections";
import { makeOrg } from "@/tests/helpers/fixtures";
import { BENCH_CREDENTIALS } from "./stripe-events";

export interface BenchConnection {
  orgId: string;
  connectionId: string;
}

/**
 * A fresh organization and Stripe connection per measured run: the connection id
 * scopes the run's rows in webhook_events so each run is checked on its own, and
 * an organization holds one connection per provider. Sealed with the vault key in
 * this process's environment, which the servers were started with.
 */
export async function stripeConnection(db: Db): Promise<BenchConnection> {
  const org = await makeOrg(db, "Bench Org");
  const credentials = findManifest("stripe")!.credentialsSchema.parse(BENCH_CREDENTIALS);
  const row = await insertConnection(db, { orgId: org.id, connectorId: "stripe", credentials });
  return { orgId: org.id, connectionId: row.id };
}
