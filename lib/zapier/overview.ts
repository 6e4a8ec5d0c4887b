// What the integrations catalog says about automation: how many Zaps and own
// endpoints an organization has wired up. Zapier and webhooks are not connectors
// (nothing is stored to call out with), so they are counted here, not in the registry.
import type { Db } from "@/lib/db/client";

export async function automationOverview(db: Db, orgId: string): Promise<{ zaps: number; endpoints: number; apiKeys: number }> {
  const [hooks, keys] = await Promise.all([
    db
      .selectFrom("webhook_endpoints")
      .select(["source", (eb) => eb.fn.countAll<string>().as("n")])
      .where("org_id", "=", orgId)
      .where("enabled", "=", true)
      .groupBy("source")
      .execute(),
    db.selectFrom("api_keys").select((eb) => eb.fn.countAll<string>().as("n")).where("org_id", "=", orgId).where("revoked_at", "is", null).executeTakeFirstOrThrow(),
  ]);
  const count = (source: string) => Number(hooks.find((h) => h.source === source)?.n ?? 0);
  return { zaps: count("zapier"), endpoints: count("admin"), apiKeys: Number(keys.n) };
}
