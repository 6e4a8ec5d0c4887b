// A report page's scope from its URL. A page never fails on a mistyped date: it
// shows the default period and names what it could not use.
import type { Db } from "@/lib/db/client";
import { ValidationError, type FieldErrors } from "@/lib/domain/errors";
import { ReportQuery } from "./period";
import { reportScope, type ReportScope } from "./scope";

type SearchParams = Record<string, string | string[] | undefined>;

export function firstValues(params: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    // An empty field of the period form means "the default", not a bad date.
    if (value) out[k] = value;
  }
  return out;
}

/** `eventId`: the event a per-event page is for, whatever the URL says. */
export async function pageScope(db: Db, orgId: string, params: SearchParams, eventId?: string): Promise<{ scope: ReportScope; errors: FieldErrors }> {
  const parsed = ReportQuery.safeParse({ ...firstValues(params), ...(eventId ? { eventId } : {}) });
  if (!parsed.success) {
    return { scope: await reportScope(db, orgId, { eventId }), errors: ValidationError.fromZod(parsed.error).fieldErrors };
  }
  try {
    return { scope: await reportScope(db, orgId, parsed.data), errors: {} };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return { scope: await reportScope(db, orgId, { eventId: parsed.data.eventId }), errors: err.fieldErrors };
  }
}

/** The query string that asks for this scope again (the CSV links). */
export function scopeQuery(scope: ReportScope): string {
  const q = new URLSearchParams({ from: scope.period.from, to: scope.period.to });
  if (scope.event) q.set("eventId", scope.event.id);
  return q.toString();
}

/** The events a report can be narrowed to: every one that sold or could have sold tickets. */
export function reportableEvents(db: Db, orgId: string): Promise<Array<{ id: string; title: string }>> {
  return db.selectFrom("events").select(["id", "title"]).where("org_id", "=", orgId).where("status", "!=", "draft").orderBy("starts_at", "desc").execute();
}
