// A fresh database with one organization for a test file: the setup most files share.
import { afterAll, beforeAll } from "vitest";
import { freshDatabase, type TestDatabase } from "./db";
import { makeOrg } from "./fixtures";

export interface OrgDatabase extends TestDatabase {
  orgId: string;
}

/** Filled in by beforeAll; read its fields inside tests only. */
export function useOrgDatabase(): OrgDatabase {
  const ctx = {} as OrgDatabase;
  beforeAll(async () => {
    Object.assign(ctx, await freshDatabase());
    ctx.orgId = (await makeOrg(ctx.db)).id;
  });
  afterAll(async () => {
    await ctx.drop?.();
  });
  return ctx;
}
