// A connection's provider-wide token bucket: the provider's quota from its
// manifest, keyed per provider account so two organizations connected to the same
// account (or one reconnecting) draw from one bucket. The call policy takes from
// it; the health page reads how full it is.
import type { ConnectionRow } from "@/lib/db/schema";
import type { RateLimit } from "@/lib/net/token-bucket";
import type { Manifest } from "../contract";

export function connectionRateLimit(
  manifest: Pick<Manifest, "id" | "rateLimit">,
  row: Pick<ConnectionRow, "id" | "mode" | "external_account_id">,
): RateLimit | undefined {
  if (!manifest.rateLimit) return undefined;
  return { ...manifest.rateLimit, key: `${manifest.id}:${row.mode}:${row.external_account_id ?? row.id}` };
}
