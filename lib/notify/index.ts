// Telling an organization's owners and admins something happened that needs a
// person (an outbound webhook endpoint disabled after days of failure).
//
// The first of these that applies carries the e-mail:
// 1. the platform mailer, when SMTP_* is configured (lib/mailer): the notice is
//    queued with its activity log entry and sent by a job that retries an SMTP
//    server that is down or answers 4xx (./platform-mail.ts);
// 2. otherwise the organization's own connected integration that sends e-mail
//    and is ready to (a sender address set), inline through the same
//    policy-wrapped call as its other messages;
// 3. otherwise nobody is e-mailed.
// Every way, an activity_log entry records the notice and whether it was
// e-mailed, so it is never silently lost.
import type { Db } from "@/lib/db/client";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import type { Connector, ConnectorContext } from "@/lib/integrations/contract";
import { loadConnectors } from "@/lib/integrations/registry";
import { log } from "@/lib/log";
import { mailerConfig, type MailerConfig } from "@/lib/mailer/config";
import { appKeyring } from "@/lib/vault/app-keyring";
import { noticeSummary, queuePlatformMail } from "./platform-mail";

export interface Notice {
  /** Shown as the activity log entry's type, e.g. "webhook.endpoint_disabled". */
  type: string;
  subject: string;
  text: string;
}

export interface NoticeOutcome {
  /** Who was e-mailed, or for the platform mailer who the queued e-mail is to. */
  emailedTo: string[];
  /** "platform_mailer" (queued on the platform's SMTP), the id of the connector that e-mailed it, or "activity_log" when only the log has it. */
  channel: string;
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

/** The connectors that can send e-mail, in the registry's order; the one place notices read the registry. */
async function emailConnectors(): Promise<Connector[]> {
  return (await loadConnectors()).filter((c) => c.messaging?.channel === "email");
}

/** The organization's connection of this connector, when it is connected and ready to send. */
async function readyToSend(db: Db, orgId: string, connector: Connector): Promise<ConnectorContext | undefined> {
  const row = await findConnection(db, orgId, connector.id);
  if (!row || row.status !== "connected" || !row.credentials_sealed) return undefined;
  const ctx = await connectorContext(db, appKeyring(), connector, row);
  return connector.messaging?.canSend?.(ctx) === false ? undefined : ctx;
}

/** The platform mailer's settings; a misconfigured one is logged and passed over, so the notice still takes the organization's path. */
function platformMailer(): MailerConfig | undefined {
  try {
    return mailerConfig();
  } catch (err) {
    log.error({ err: (err as Error).message }, "the platform mailer is misconfigured; notices go through the organization's e-mail integration");
    return undefined;
  }
}

export async function notifyAdmins(db: Db, orgId: string, notice: Notice): Promise<NoticeOutcome> {
  const to = await adminEmails(db, orgId);
  if (to.length > 0 && platformMailer()) {
    await queuePlatformMail(db, orgId, notice.type, notice, to);
    return { emailedTo: to, channel: "platform_mailer" };
  }
  const mailers = await emailConnectors();
  let outcome: NoticeOutcome = { emailedTo: [], channel: "activity_log" };
  let tried: Connector | undefined;
  if (to.length > 0) {
    try {
      for (const connector of mailers) {
        tried = connector;
        const ctx = await readyToSend(db, orgId, connector);
        if (!ctx) continue;
        await connector.messaging!.send(ctx, { to, subject: notice.subject, text: notice.text });
        outcome = { emailedTo: to, channel: connector.id };
        break;
      }
    } catch (err) {
      outcome.error = (err as Error).message;
      log.warn({ orgId, err: outcome.error }, "could not e-mail a notice; it is kept in the activity log");
    }
  }
  const how =
    outcome.emailedTo.length > 0
      ? `E-mailed to ${to.join(", ")}.`
      : outcome.error
        ? `Not e-mailed (${tried?.name} failed: ${outcome.error}).`
        : `Not e-mailed (connect ${mailers.map((c) => c.name).join(" or ") || "an e-mail integration"} with a sender address to receive these by e-mail).`;
  await db
    .insertInto("activity_log")
    .values({ org_id: orgId, domain_event_id: null, type: notice.type, summary: noticeSummary(notice, how) })
    .execute();
  return outcome;
}
