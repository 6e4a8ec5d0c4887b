// The account e-mails as the sandbox's SMTP server received them, and the links in them.
import { sql } from "kysely";
import type { Db } from "../../lib/db/client";
import type { SmtpMail } from "../../sandbox/smtp/state";
import type { SandboxHandle } from "./sandbox";
import { waitFor } from "./wait";

export async function mailsTo(sandbox: SandboxHandle, address: string): Promise<SmtpMail[]> {
  const mails = (await sandbox.inbox()).smtp.mails as SmtpMail[];
  return mails.filter((m) => m.envelope.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** Waits for the count-th mail to the address (1-based) and returns it. */
export async function nthMailTo(sandbox: SandboxHandle, address: string, count: number): Promise<SmtpMail> {
  return waitFor(async () => (await mailsTo(sandbox, address))[count - 1], { what: `mail #${count} to ${address}` });
}

/** The token of the first link to `path` (/verify-email or /reset-password) in a mail. */
export function linkToken(mail: SmtpMail, path: string): string {
  const m = new RegExp(`${path}/([A-Za-z0-9_-]{43})`).exec(mail.text ?? "");
  if (!m) throw new Error(`no ${path} link in "${mail.subject}": ${mail.text}`);
  return m[1]!;
}

/** Waits until the worker has no account mail left to send, so "nothing was sent" is a fact and not a race. */
export async function accountMailsSettled(db: Db): Promise<void> {
  await waitFor(async () => {
    const r = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_account_mail'`.execute(db);
    return r.rows[0]!.n === 0;
  }, { what: "the account e-mail jobs to finish" });
}
