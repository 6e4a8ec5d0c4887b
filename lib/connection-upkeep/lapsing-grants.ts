// OAuth grants that lapse by themselves: some providers' refresh tokens expire
// (Intuit's 100 days after the last use, rolling). A connection nobody uses for
// months would silently stop; so a grant whose refresh token is within a month
// of its end is refreshed early, which rolls the expiry for such providers. When
// that cannot help (the refresh fails, or the provider's grant has a hard end),
// the owners and admins are told once per expiry, two weeks ahead, with what to do,
// as an alert incident (lib/alerts) that resolves once the end moves.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { refreshUnderLock } from "@/lib/integrations/connections/refresh";
import type { OAuthTokens } from "@/lib/integrations/contract";
import { loadConnector } from "@/lib/integrations/registry";
import { raiseAlertWith } from "@/lib/alerts/evaluate";
import { grantLapsingCondition } from "@/lib/alerts/kinds";
import { appKeyring } from "@/lib/vault/app-keyring";

const DAY = 86_400_000;
/** Refreshed this long before the refresh token's end. */
export const RENEW_GRANT_BEFORE_MS = 30 * DAY;
/** Told to the admins this long before the end, when early refreshing did not move it. */
export const WARN_GRANT_BEFORE_MS = 14 * DAY;

const lapsingSoon = (tokens: OAuthTokens, now: number) => Boolean(tokens.refreshTokenExpiresAt) && Date.parse(tokens.refreshTokenExpiresAt!) - now < RENEW_GRANT_BEFORE_MS;

export async function lapsingGrants(db: Db, now = new Date()): Promise<string[]> {
  const rows = await db
    .selectFrom("connections")
    .select("id")
    .where("status", "=", "connected")
    .where("credentials_sealed", "is not", null)
    .where("refresh_token_expires_at", "<", sql<Date>`${now}::timestamptz + ${`${RENEW_GRANT_BEFORE_MS / 1000} seconds`}::interval`)
    .execute();
  return rows.map((r) => r.id);
}

export type GrantOutcome = "not lapsing" | "renewed" | "warned" | "already warned";

export async function renewLapsingGrant(db: Db, connectionId: string, now = Date.now()): Promise<GrantOutcome> {
  const row = await db.selectFrom("connections").selectAll().where("id", "=", connectionId).executeTakeFirst();
  if (!row || row.status !== "connected" || !row.refresh_token_expires_at) return "not lapsing";
  const connector = await loadConnector(row.connector_id);
  if (!connector?.oauth?.refresh) return "not lapsing";
  let failure: string | undefined;
  try {
    const tokens = await refreshUnderLock(db, appKeyring(), connector, row, (t) => lapsingSoon(t, now));
    if (!lapsingSoon(tokens, now)) return "renewed";
  } catch (err) {
    failure = (err as Error).message;
  }
  const current = await db.selectFrom("connections").select(["refresh_token_expires_at", "grant_lapse_noticed_for", "status"]).where("id", "=", connectionId).executeTakeFirstOrThrow();
  const endsAt = current.refresh_token_expires_at;
  if (!endsAt || endsAt.getTime() - now >= WARN_GRANT_BEFORE_MS) {
    if (failure) throw new Error(failure);
    return "not lapsing";
  }
  // Once per expiry, however many sweeps see it; a new grant (reconnect) clears the mark. The mark
  // and the incident (lib/alerts: told once per end date, resolved when a reconnect or a renewal moves
  // it) commit together: a mark without its incident would be opened by the sweep without the reason.
  const condition = grantLapsingCondition({ orgId: row.org_id, connectionId, connectorName: connector.name, endsAt, renewalError: failure });
  const raised = await raiseAlertWith(db, condition, async (tx) => {
    const claimed = await tx
      .updateTable("connections")
      .set({ grant_lapse_noticed_for: endsAt })
      .where("id", "=", connectionId)
      .where((eb) => eb.or([eb("grant_lapse_noticed_for", "is", null), eb("grant_lapse_noticed_for", "<>", endsAt)]))
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) > 0;
  });
  return raised === "unclaimed" ? "already warned" : "warned";
}
