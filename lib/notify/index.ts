// Telling an organization's owners and admins something happened that needs a
// person (an outbound webhook endpoint disabled after days of failure).
//
// There is no platform mailer yet. If the organization has a connected SendGrid
// integration with a sender address, the notice is e-mailed through it (the same
// policy-wrapped call as its confirmations). Either way an activity_log entry
// records the notice and whether it was e-mailed, so it is never silently lost.
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { appKeyring } from "@/lib/integrations/keyring";
import { sendgridClients } from "@/lib/integrations/sendgrid/client";
import { connector as sendgrid } from "@/lib/integrations/sendgrid/connector";

export interface Notice {
  /** Shown as the activity log entry's type, e.g. "webhook.endpoint_disabled". */
  type: string;
  subject: string;
  text: string;
}

export interface NoticeOutcome {
  emailedTo: string[];
  channel: "sendgrid" | "activity_log";
  error?: string;
}

export async function adminEmails(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.email")
    .where("m.org_id", "=", orgId)
    .where("m.role", "in", ["owner", "admin"])
    .orderBy("u.email")
    .execute();
  return rows.map((r) => r.email);
}

async function sendThroughSendGrid(db: Db, orgId: string, to: string[], notice: Notice): Promise<boolean> {
  const row = await findConnection(db, orgId, sendgrid.id);
  if (!row || row.status !== "connected" || !row.credentials_sealed) return false;
  const ctx = await connectorContext(db, appKeyring(), sendgrid, row);
  const settings = ctx.settings as { fromEmail?: string; fromName?: string };
  if (!settings.fromEmail) return false;
  const apiKey = (ctx.credentials as { apiKey: string }).apiKey;
  await ctx.call("mail.send", () =>
    sendgridClients(ctx.baseUrl, apiKey).mail.send({
      from: { email: settings.fromEmail!, name: settings.fromName || undefined },
      personalizations: [{ to: to.map((email) => ({ email })) }],
      subject: notice.subject,
      content: [{ type: "text/plain", value: notice.text }],
    } as never),
  );
  return true;
}

export async function notifyAdmins(db: Db, orgId: string, notice: Notice): Promise<NoticeOutcome> {
  const to = await adminEmails(db, orgId);
  let outcome: NoticeOutcome = { emailedTo: [], channel: "activity_log" };
  if (to.length > 0) {
    try {
      if (await sendThroughSendGrid(db, orgId, to, notice)) outcome = { emailedTo: to, channel: "sendgrid" };
    } catch (err) {
      outcome.error = (err as Error).message;
      log.warn({ orgId, err: outcome.error }, "could not e-mail a notice; it is kept in the activity log");
    }
  }
  const how =
    outcome.channel === "sendgrid"
      ? `E-mailed to ${to.join(", ")}.`
      : outcome.error
        ? `Not e-mailed (SendGrid failed: ${outcome.error}).`
        : "Not e-mailed (connect SendGrid with a sender address to receive these by e-mail).";
  await db
    .insertInto("activity_log")
    .values({ org_id: orgId, domain_event_id: null, type: notice.type, summary: `${notice.subject}. ${notice.text} ${how}`.slice(0, 2000) })
    .execute();
  return outcome;
}
