// An organization's incidents of one kind about one subject, oldest first.
import type { Db } from "@/lib/db/client";
import type { AlertKind } from "@/lib/db/schema";

export function alertIncidents(db: Db, orgId: string, kind: AlertKind, subjectId: string | null) {
  return db
    .selectFrom("alert_incidents")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("kind", "=", kind)
    .where("subject_id", subjectId === null ? "is" : "=", subjectId)
    .orderBy("opened_at")
    .execute();
}
