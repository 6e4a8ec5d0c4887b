import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("row-level security", () => {
  it("is enabled, with a policy, on every table in the public schema", async () => {
    const rows = await sql<{ relname: string; rls: boolean; policies: string }>`
      select c.relname, c.relrowsecurity as rls,
             (select count(*) from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'schema_migrations'`.execute(t.db);
    expect(rows.rows.length).toBeGreaterThanOrEqual(10);
    for (const r of rows.rows) {
      expect({ table: r.relname, rls: r.rls }).toEqual({ table: r.relname, rls: true });
      expect(Number(r.policies)).toBeGreaterThan(0);
    }
  });

  it("shows a non-owner role only the rows of the organization its session names", async () => {
    const a = await makeOrg(t.db, "A");
    const b = await makeOrg(t.db, "B");
    await makePublishedEvent(t.db, a.id);
    await makePublishedEvent(t.db, b.id);
    await sql`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'tenant_reader') then create role tenant_reader login password 'tenant-reader-test'; end if;
    end $$`.execute(t.db);
    await sql`grant select on all tables in schema public to tenant_reader`.execute(t.db);
    const url = new URL(t.url);
    url.username = "tenant_reader";
    url.password = "tenant-reader-test";
    const reader = createDb(url.toString(), 1);
    try {
      const count = (rows: { n: string }[]) => Number(rows[0]!.n);
      const nothing = await sql<{ n: string }>`select count(*) as n from events`.execute(reader);
      expect(count(nothing.rows)).toBe(0);
      const visible = await reader.transaction().execute(async (tx) => {
        await sql`select set_config('app.org_id', ${a.id}, true)`.execute(tx);
        return (await sql<{ org_id: string }>`select org_id from events`.execute(tx)).rows;
      });
      expect(visible.length).toBe(1);
      expect(visible[0]!.org_id).toBe(a.id);
    } finally {
      await reader.destroy();
    }
  });
});
