// One problem as the alerts see it: what kind, about what, and the words the
// notice and the alert log use.
import type { AlertKind } from "@/lib/db/schema";

export interface Condition {
  orgId: string;
  kind: AlertKind;
  /** The connection or outbound endpoint; null for the organization as a whole. */
  subjectId: string | null;
  /** Set where the subject alone does not tell one occurrence from the next (a grant's end date). */
  fingerprint: string | null;
  /** The notice's subject line and the alert log's heading. */
  title: string;
  /** What happened and what to do about it. */
  detail: string;
}

/** The identity of an open incident: one per organization, kind and subject. */
export function incidentKey(c: { kind: string; subjectId?: string | null; subject_id?: string | null }): string {
  return `${c.kind}:${c.subjectId ?? c.subject_id ?? ""}`;
}
