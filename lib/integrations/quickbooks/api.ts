// The accounting calls the connector makes, each one through the call policy:
// query, read, create, update (re-reading on a stale SyncToken) and CDC.
import { qboRequest } from "./client";
import { quickbooksEndpoints } from "./endpoints";
import { isStale } from "./errors";
import type { QuickBooksContext } from "./manifest";

export type QboEntity = Record<string, unknown> & { Id: string; SyncToken: string; MetaData?: { LastUpdatedTime?: string } };

function company(ctx: QuickBooksContext): string {
  const realm = ctx.connection.externalAccountId;
  if (!realm) throw new Error("The QuickBooks connection has no company (realm id); reconnect QuickBooks");
  return quickbooksEndpoints(ctx.baseUrl).company(realm);
}

/** Quotes a value for Intuit's query language. */
export const quoted = (v: string) => `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

export async function query<T extends QboEntity = QboEntity>(ctx: QuickBooksContext, entity: string, where: string, operation = `${entity.toLowerCase()}.query`): Promise<T[]> {
  const text = `select * from ${entity}${where ? ` where ${where}` : ""} maxresults 1000`;
  const answer = await ctx.call(operation, (signal) => qboRequest<{ QueryResponse: Record<string, unknown> }>(`${company(ctx)}query`, { method: "GET", accessToken: ctx.credentials.accessToken, query: { query: text }, signal }));
  return (answer.QueryResponse[entity] as T[] | undefined) ?? [];
}

export async function read<T extends QboEntity = QboEntity>(ctx: QuickBooksContext, entity: string, id: string): Promise<T> {
  const answer = await ctx.call(`${entity.toLowerCase()}.read`, (signal) => qboRequest<Record<string, T>>(`${company(ctx)}${entity.toLowerCase()}/${encodeURIComponent(id)}`, { method: "GET", accessToken: ctx.credentials.accessToken, signal }));
  return answer[entity]!;
}

export async function create<T extends QboEntity = QboEntity>(ctx: QuickBooksContext, entity: string, body: Record<string, unknown>): Promise<T> {
  const answer = await ctx.call(`${entity.toLowerCase()}.create`, (signal) => qboRequest<Record<string, T>>(`${company(ctx)}${entity.toLowerCase()}`, { method: "POST", accessToken: ctx.credentials.accessToken, body, signal }));
  return answer[entity]!;
}

/**
 * A sparse update of `change(current)`, made with the SyncToken just read. When
 * someone saved the object in between (Intuit's stale object error), it is read
 * again and the change made anew, a few times at most.
 */
export async function updateFresh<T extends QboEntity = QboEntity>(ctx: QuickBooksContext, entity: string, id: string, change: (current: T) => Record<string, unknown> | null): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const current = await read<T>(ctx, entity, id);
    const fields = change(current);
    if (!fields) return current;
    try {
      const answer = await ctx.call(`${entity.toLowerCase()}.update`, (signal) =>
        qboRequest<Record<string, T>>(`${company(ctx)}${entity.toLowerCase()}`, { method: "POST", accessToken: ctx.credentials.accessToken, body: { ...fields, Id: current.Id, SyncToken: current.SyncToken, sparse: true }, signal }),
      );
      return answer[entity]!;
    } catch (err) {
      if (!isStale(err) || attempt >= 3) throw err;
    }
  }
}

export interface CdcAnswer {
  CDCResponse: Array<{ QueryResponse: Array<Record<string, unknown>> }>;
  time?: string;
}

/** The entities of these kinds changed since `since` (Intuit looks back 30 days at most). */
export async function changedSince(ctx: QuickBooksContext, entities: string[], since: Date): Promise<Array<{ entity: string; object: QboEntity }>> {
  const answer = await ctx.call("cdc", (signal) => qboRequest<CdcAnswer>(`${company(ctx)}cdc`, { method: "GET", accessToken: ctx.credentials.accessToken, query: { entities: entities.join(","), changedSince: since.toISOString() }, signal }));
  const out: Array<{ entity: string; object: QboEntity }> = [];
  for (const r of answer.CDCResponse ?? []) for (const q of r.QueryResponse ?? []) for (const e of entities) for (const o of (q[e] as QboEntity[] | undefined) ?? []) out.push({ entity: e, object: o });
  return out;
}
