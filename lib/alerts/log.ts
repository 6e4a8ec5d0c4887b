// The alert log: one organization's incidents, open and resolved, newest first.
import type { Db } from "@/lib/db/client";
import type { AlertNoticeRecord } from "@/lib/db/schema";
import type { Incident } from "./incidents";

export async function listIncidents(db: Db, orgId: string, limit = 100): Promise<Incident[]> {
  return db
    .selectFrom("alert_incidents")
    .selectAll()
    .where("org_id", "=", orgId)
    .orderBy("opened_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** What a notice did, in one line: who was e-mailed and where it was posted, or why not. */
export function describeNotice(r: AlertNoticeRecord | null): string {
  if (!r) return "Being sent.";
  const email =
    r.emailedTo.length > 0
      ? `${r.emailChannel === "platform_mailer" ? "E-mail to" : "E-mailed to"} ${r.emailedTo.join(", ")}${r.emailChannel === "platform_mailer" ? " (platform mailer)" : ""}.`
      : `Not e-mailed${r.emailError ? ` (${r.emailError})` : " (no e-mail way configured; see the activity log)"}.`;
  if (!r.chat) return `${email} Chat: being posted.`;
  if (r.chat.length === 0) return `${email} No chat connection to post to.`;
  const chat = r.chat.map((c) => (c.posted ? `Posted to ${c.connector}.` : `Not posted to ${c.connector} (${c.error ?? "unknown error"}).`)).join(" ");
  return `${email} ${chat}`;
}
