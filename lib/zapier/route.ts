// The one shape of every Zapier action route: API key → raw JSON body (400 when
// malformed) → idempotent by Idempotency-Key → the action → JSON answer.
import { NextResponse } from "next/server";
import { db, type Db } from "@/lib/db/client";
import { withApiKey, type ApiContext } from "@/lib/http/api-auth";
import { idempotent } from "@/lib/http/idempotency";
import { malformed, MalformedJson, readRawJson, zapierError } from "./responses";

export interface ActionResult {
  status: number;
  body: unknown;
}

export function zapierAction(run: (db: Db, api: ApiContext, input: unknown) => Promise<ActionResult>) {
  return withApiKey<Record<string, never>>(async (req, api) => {
    let raw: string;
    let body: unknown;
    try {
      ({ raw, body } = await readRawJson(req));
    } catch (err) {
      if (err instanceof MalformedJson) return malformed(err.message);
      return zapierError(err);
    }
    return idempotent(req, api, raw, async () => {
      try {
        const out = await run(db(), api, body);
        return NextResponse.json(out.body, { status: out.status });
      } catch (err) {
        return zapierError(err);
      }
    });
  });
}

/** For read-only and subscription routes: errors mapped the same way. */
export function zapierRoute<P>(handler: (req: Request, api: ApiContext, params: P) => Promise<Response>) {
  return withApiKey<P>(async (req, api, ctx) => {
    try {
      return await handler(req, api, await ctx.params);
    } catch (err) {
      return zapierError(err);
    }
  });
}
