// Connection upkeep (lib/connection-upkeep): a connector's periodic work runs at
// most once per interval for connected connections only, and an OAuth grant whose
// refresh token is near its end is refreshed early and, when that does not move
// the end, told to the admins once per expiry.
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { lapsingGrants, renewLapsingGrant } from "@/lib/connection-upkeep/lapsing-grants";
import { duePeriodic, runPeriodic } from "@/lib/connection-upkeep/periodic";
import { sweepConnectionUpkeep } from "@/lib/connection-upkeep/sweep";
import { sql } from "kysely";
import { readCredentials, sealCredentials } from "@/lib/integrations/connections/credentials";
import { findConnection } from "@/lib/integrations/connections/repository";
import { defineConnector, defineManifest, type OAuthTokens } from "@/lib/integrations/contract";
import { startAuthorization } from "@/lib/integrations/oauth/authorize";
import { completeAuthorization } from "@/lib/integrations/oauth/callback";
import { connector as googleCalendar } from "@/lib/integrations/google-calendar/connector";
import { appKeyring } from "@/lib/vault/app-keyring";
import { insertConnection } from "../helpers/connections";
import { consent } from "../helpers/consent";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

// Connecting a calendar opens its push channel; that is not what these tests are about. Periodic jobs the
// sweep queues stay queued, so the test can see them.
const { t, sandbox, owner } = useIntegrationHarness({ withoutTasks: ["renew_calendar_channel", "sync_calendar", "run_connection_periodic"] });
const DAY = 86_400_000;

/** A connector with periodic work only: it counts its runs, and fails when told to. */
function periodicConnector(runs: string[], fail: { now: boolean }) {
  const manifest = defineManifest({
    id: "upkeep-test",
    name: "Upkeep Test",
    category: "developer",
    description: "A connector with periodic work, for this test.",
    auth: "api_key",
    baseUrls: { live: "https://upkeep.invalid", sandboxPath: "upkeep-test" },
    credentialsSchema: z.object({ apiKey: z.string() }),
    settingsSchema: z.object({}),
  });
  return defineConnector(manifest, {
    classifyError: () => ({ kind: "unknown", message: "test" }),
    testConnection: async () => ({ account: { id: "a", name: "A" }, detail: "ok" }),
    handlers: {},
    periodic: {
      everyMinutes: 60,
      async run(ctx) {
        if (fail.now) throw new Error("the provider is down");
        runs.push(ctx.connection.id);
        return `archived ${runs.length}`;
      },
    },
  });
}

describe("Periodic work of a connector", () => {
  it("runs for connected connections when due, records the run, and is not due again within its interval", async () => {
    const runs: string[] = [];
    const fail = { now: false };
    const connector = periodicConnector(runs, fail);
    const on = await insertConnection(t.db, { orgId: t.orgId, connectorId: "upkeep-test", credentials: { apiKey: "fake-key-for-tests-0000" } });

    const now = new Date();
    expect(await duePeriodic(t.db, now, [connector])).toEqual([on.id]);
    expect(await runPeriodic(t.db, on.id, connector)).toBe("archived 1");
    const row = (await t.db.selectFrom("connections").select(["periodic_ran_at", "periodic_outcome"]).where("id", "=", on.id).executeTakeFirstOrThrow());
    expect(row.periodic_outcome).toBe("archived 1");
    expect(await duePeriodic(t.db, new Date(), [connector])).toEqual([]);
    // Due again once the interval has passed.
    expect(await duePeriodic(t.db, new Date(Date.now() + 61 * 60_000), [connector])).toEqual([on.id]);

    // A disabled connection is neither due nor worked on when asked directly.
    await t.db.updateTable("connections").set({ status: "disabled" }).where("id", "=", on.id).execute();
    expect(await duePeriodic(t.db, new Date(Date.now() + 61 * 60_000), [connector])).toEqual([]);
    expect(await runPeriodic(t.db, on.id, connector)).toContain("not connected");
    expect(runs).toEqual([on.id]);
    await t.db.updateTable("connections").set({ status: "connected" }).where("id", "=", on.id).execute();

    // A failing run is recorded (so the next sweep does not hammer the provider) and fails its job.
    fail.now = true;
    await expect(runPeriodic(t.db, on.id, connector)).rejects.toThrow("the provider is down");
    const failed = await t.db.selectFrom("connections").select("periodic_outcome").where("id", "=", on.id).executeTakeFirstOrThrow();
    expect(failed.periodic_outcome).toBe("failed: the provider is down");
    expect(await duePeriodic(t.db, new Date(), [connector])).toEqual([]);
  });
});

describe("The upkeep sweep", () => {
  it("queues one job per connected connection whose connector in the registry has periodic work, however often it runs", async () => {
    const row = await insertConnection(t.db, { orgId: t.orgId, connectorId: "github", credentials: { token: "github_pat_fake_for_tests_0000", organization: "sandbox-hackers", connectedVia: "token" } });
    expect(await duePeriodic(t.db)).toContain(row.id);
    const first = await sweepConnectionUpkeep(t.db);
    expect(first.periodic).toBeGreaterThanOrEqual(1);
    await sweepConnectionUpkeep(t.db);
    const jobs = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where task_identifier = 'run_connection_periodic' and key = ${`connection-periodic:${row.id}`}`.execute(t.db);
    expect(Number(jobs.rows[0]!.n)).toBe(1);
  });
});

describe("OAuth grants that lapse", () => {
  async function connectGoogle() {
    const url = new URL(await startAuthorization(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connector: googleCalendar, mode: "sandbox" }));
    const back = await consent(url.toString());
    const r = await completeAuthorization(t.db, appKeyring(), { connector: googleCalendar, orgId: t.orgId, userId: owner.userId, state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: null });
    expect(r).toMatchObject({ ok: true });
    return (await findConnection(t.db, t.orgId, "google-calendar"))!;
  }

  async function setGrantEnd(connectionId: string, endsAt: Date) {
    const row = await t.db.selectFrom("connections").selectAll().where("id", "=", connectionId).executeTakeFirstOrThrow();
    const tokens = await readCredentials<OAuthTokens>(t.db, appKeyring(), row, "Google");
    await t.db
      .updateTable("connections")
      .set({ credentials_sealed: sealCredentials(appKeyring(), row.id, { ...tokens, refreshTokenExpiresAt: endsAt.toISOString() }), refresh_token_expires_at: endsAt })
      .where("id", "=", row.id)
      .execute();
    return tokens;
  }

  const notices = () => t.db.selectFrom("activity_log").select("summary").where("type", "=", "connection.grant_lapsing").execute();
  /** The notices once there are `n`: an alert incident's notice goes out through its own job. */
  const noticesWhen = (n: number) => waitFor(async () => ((await notices()).length === n ? notices() : undefined), { what: `${n} lapsing-grant notices` });

  it("refreshes a grant near its end early and tells the admins once when its end does not move", async () => {
    const row = await connectGoogle();
    // Far from its end: left alone.
    await setGrantEnd(row.id, new Date(Date.now() + 60 * DAY));
    expect(await lapsingGrants(t.db)).not.toContain(row.id);

    const endsAt = new Date(Date.now() + 10 * DAY);
    const before = await setGrantEnd(row.id, endsAt);
    expect(await lapsingGrants(t.db)).toContain(row.id);
    expect(await renewLapsingGrant(t.db, row.id)).toBe("warned");
    // It was refreshed (a new access token), but Google kept the refresh token and so its end.
    const after = await t.db.selectFrom("connections").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    const tokens = await readCredentials<OAuthTokens>(t.db, appKeyring(), after, "Google");
    expect(tokens.accessToken).not.toBe(before.accessToken);
    expect(tokens.refreshTokenExpiresAt).toBe(endsAt.toISOString());
    expect(after.refresh_token_expires_at?.getTime()).toBe(endsAt.getTime());
    const [notice] = await noticesWhen(1);
    expect(notice!.summary).toContain(`Google Calendar: the connection stops working on ${endsAt.toISOString().slice(0, 10)}`);
    expect(notice!.summary).toContain("Reconnect Google Calendar on its integration page");

    // The next sweeps see it again and say nothing more.
    expect(await renewLapsingGrant(t.db, row.id)).toBe("already warned");
    // One open incident for this end date, however many sweeps see it.
    const incidents = await t.db.selectFrom("alert_incidents").select("resolved_at").where("kind", "=", "connection.grant_lapsing").where("subject_id", "=", row.id).execute();
    expect(incidents).toEqual([{ resolved_at: null }]);
    expect(await notices()).toHaveLength(1);
  });

  it("a refresh that fails near the end is told with its reason; reconnecting clears the lapse", async () => {
    const row = (await findConnection(t.db, t.orgId, "google-calendar"))!;
    const endsAt = new Date(Date.now() + 5 * DAY);
    await setGrantEnd(row.id, endsAt);
    await sandbox.control("revoke", { provider: "google-calendar" });
    expect(await renewLapsingGrant(t.db, row.id)).toBe("warned");
    const all = await noticesWhen(2);
    expect(all.some((n) => n.summary.includes("and renewing it failed"))).toBe(true);

    const again = await connectGoogle();
    expect(again.refresh_token_expires_at).toBeNull();
    expect(again.grant_lapse_noticed_for).toBeNull();
    expect(await lapsingGrants(t.db)).not.toContain(again.id);
  });

  it("does not mark a lapse as told when its incident could not be opened, so the next sweep tells it", async () => {
    const row = (await findConnection(t.db, t.orgId, "google-calendar"))!;
    const endsAt = new Date(Date.now() + 6 * DAY);
    await setGrantEnd(row.id, endsAt);
    // Every incident write of this organization fails, as a lost database connection would.
    await sql`create or replace function pg_temp_fail_grant_alerts() returns trigger language plpgsql as $$
      begin
        if new.org_id = ${sql.lit(t.orgId)}::uuid then raise exception 'alert incidents unavailable'; end if;
        return new;
      end $$`.execute(t.db);
    await sql`create trigger fail_grant_alerts before insert on alert_incidents for each row execute function pg_temp_fail_grant_alerts()`.execute(t.db);
    try {
      await expect(renewLapsingGrant(t.db, row.id)).rejects.toThrow(/alert incidents unavailable/);
    } finally {
      await sql`drop trigger fail_grant_alerts on alert_incidents`.execute(t.db);
      await sql`drop function pg_temp_fail_grant_alerts()`.execute(t.db);
    }
    const after = await t.db.selectFrom("connections").select("grant_lapse_noticed_for").where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after.grant_lapse_noticed_for).toBeNull();

    expect(await renewLapsingGrant(t.db, row.id)).toBe("warned");
    const incidents = await t.db.selectFrom("alert_incidents").select(["detail", "resolved_at"]).where("kind", "=", "connection.grant_lapsing").where("subject_id", "=", row.id).where("fingerprint", "=", endsAt.toISOString()).execute();
    expect(incidents).toEqual([{ detail: expect.stringContaining(endsAt.toISOString().slice(0, 10)), resolved_at: null }]);
  });
});
