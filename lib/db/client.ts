// One pooled connection per process, shared by route handlers, server actions
// and the in-process worker.
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import { log } from "@/lib/log";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start Switchboard with `npm start` (which runs an embedded PostgreSQL and sets it), or set DATABASE_URL to your Postgres or Supabase connection string.",
    );
  }
  return url;
}

export function createDb(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max });
  // A connection the server drops (restart, failover, outage) emits 'error': on
  // the pool while idle, on the client itself while checked out between queries
  // (pg-pool listens only to idle ones). Unheard, either ends the process. The
  // query that needed it fails on its own, and the pool discards the connection.
  const lost = (err: Error) => log.warn({ err: err.message }, "a pooled database connection was lost");
  pool.on("error", lost);
  pool.on("connect", (client) => void client.on("error", lost));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

const globalForDb = globalThis as unknown as { __switchboardDb?: Db };

export function db(): Db {
  globalForDb.__switchboardDb ??= createDb(databaseUrl(), Number(process.env.DATABASE_POOL_SIZE ?? 10));
  return globalForDb.__switchboardDb;
}
