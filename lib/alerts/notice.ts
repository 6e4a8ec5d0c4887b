// Telling people an incident opened or resolved: first the e-mail to the owners
// and admins (lib/notify picks the platform mailer or the organization's e-mail
// integration, and writes the activity log), then a post to each chat connection.
// Each step is recorded on the incident once done, so a retried job neither
// e-mails twice nor lets a failing chat provider hold the e-mail back.
import type { Db } from "@/lib/db/client";
import type { AlertNoticeRecord } from "@/lib/db/schema";
import { notifyAdmins } from "@/lib/notify";
import { postToChat } from "@/lib/notify/chat";
import type { NoticePhase } from "./incidents";
import { resolvedNotice } from "./kinds";

export async function sendAlertNotice(db: Db, incidentId: string, phase: NoticePhase): Promise<string> {
  const incident = await db.selectFrom("alert_incidents").selectAll().where("id", "=", incidentId).executeTakeFirst();
  if (!incident) return "the incident no longer exists";
  if (phase === "resolved" && !incident.resolved_at) return "the incident is not resolved";
  const column = phase === "opened" ? "opened_notice" : "resolved_notice";
  const notice =
    phase === "opened"
      ? { type: incident.kind, subject: incident.title, text: incident.detail }
      : { type: `${incident.kind}.resolved`, ...resolvedNotice(incident, incident.resolved_at!) };
  const save = (r: AlertNoticeRecord) => db.updateTable("alert_incidents").set({ [column]: JSON.stringify(r) }).where("id", "=", incidentId).execute();

  let record = incident[column];
  if (!record) {
    const outcome = await notifyAdmins(db, incident.org_id, notice);
    record = { at: new Date().toISOString(), emailedTo: outcome.emailedTo, emailChannel: outcome.channel, ...(outcome.error ? { emailError: outcome.error } : {}) };
    await save(record);
  }
  if (!record.chat) {
    record = { ...record, chat: await postToChat(db, incident.org_id, notice) };
    await save(record);
  }
  const posted = record.chat!.filter((c) => c.posted).map((c) => c.connector);
  return `${phase}: e-mailed to ${record.emailedTo.length} (${record.emailChannel})${posted.length ? `, posted to ${posted.join(", ")}` : ""}`;
}
