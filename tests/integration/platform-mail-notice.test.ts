// The endpoint-disabled notice through the platform mailer (SMTP_* set, here to
// the sandbox's SMTP server), as outbound-notify.test.ts checks it through the
// organization's SendGrid when SMTP_* is not set. The organization has SendGrid
// connected too: with the platform mailer configured it is not used. An SMTP
// server that answers 451 or is down delays the notice (retried by its job) but
// never loses it and never fails the delivery flow that disabled the endpoint; a
// 550 is recorded and not retried; a half-configured mailer falls back to the
// organization's path.
import { sql } from "kysely";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SMTP_VARIABLES } from "@/lib/mailer/config";
import { platformMailJobKey } from "@/lib/notify/platform-mail";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { sendTestEvent } from "@/lib/webhooks/outbound/messages";
import type { SmtpMail } from "../../sandbox/smtp/state";
import { useDownEndpointOrg } from "../helpers/down-endpoint-org";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const harness = useIntegrationHarness();
const { t, sandbox } = harness;

// Obviously fake people of an obviously fake organization.
const ADMIN = "admin.platform-mail@example.test";
const MEMBER = "member.platform-mail@example.test";
const SENDER = "alerts@platform-mail.example.test";
const org = useDownEndpointOrg(harness, { admin: ADMIN, member: MEMBER, sender: SENDER, senderName: "Platform Mail Test Org" });

beforeEach(() => {
  // The sandbox's SMTP server, as `npm start` configures it in demo mode.
  Object.assign(process.env, sandbox.appEnv);
});
afterAll(() => {
  for (const name of SMTP_VARIABLES) delete process.env[name];
});

/** An endpoint whose receiver is down, disabled by the 5-day rule after a test event; the flow's own outcome checked. */
async function disableAnEndpoint(name: string): Promise<string> {
  const url = `http://127.0.0.1:${org.receiver.downPort}/hooks/${name}`;
  const { endpoint } = await insertEndpoint(t.db, { orgId: t.orgId, url, eventTypes: ["event.published"], source: "admin" });
  const { messageId } = await sendTestEvent(t.db, t.orgId, endpoint.id);
  const row = await waitFor(() => t.db.selectFrom("webhook_endpoints").selectAll().where("id", "=", endpoint.id).where("enabled", "=", false).executeTakeFirst(), { what: `${name} to be disabled` });
  expect(row.disabled_reason).toMatch(/^Every delivery failed since /);
  // The delivery flow ran its course whatever the mailer did.
  await waitFor(() => t.db.selectFrom("webhook_messages").select("id").where("id", "=", messageId).where("status", "=", "failed").executeTakeFirst(), { what: `${name}'s message to be failed` });
  return url;
}

async function smtpMails(url: string): Promise<SmtpMail[]> {
  return ((await sandbox.inbox()).smtp.mails as SmtpMail[]).filter((m) => m.subject?.includes(url));
}

async function sendgridMails(url: string): Promise<unknown[]> {
  return ((await sandbox.inbox()).sendgrid.emails as Array<{ subject: string | null }>).filter((m) => m.subject?.includes(url));
}

async function noticeEntry(url: string, summary: RegExp | string) {
  return waitFor(async () => {
    const rows = await t.db.selectFrom("activity_log").selectAll().where("org_id", "=", t.orgId).where("type", "=", "webhook.endpoint_disabled").where("summary", "like", `%${url}%`).execute();
    expect(rows.length).toBeLessThanOrEqual(1);
    const row = rows[0];
    return row && (typeof summary === "string" ? row.summary.includes(summary) : summary.test(row.summary)) ? row : undefined;
  }, { what: `the activity log entry of ${url} to say ${summary}` });
}

/** The job ends (and its row goes) just after the handler wrote the outcome on the entry. */
async function noJobLeft(activityId: string) {
  await waitFor(async () => (await mailJobs(activityId)).length === 0, { what: "the notice's job to be finished" });
}

async function mailJobs(activityId: string) {
  const r = await sql<{ attempts: number; last_error: string | null }>`select attempts, last_error from graphile_worker.jobs where key = ${platformMailJobKey(activityId)}`.execute(t.db);
  return r.rows;
}

describe("SMTP configured", () => {
  it("e-mails the owner and admins through the platform mailer, retrying a 451, not through the org's SendGrid", async () => {
    await sandbox.control("smtp/refuse", { code: 451, times: 1 });
    const url = await disableAnEndpoint("greylisted");

    const mail = await waitFor(async () => (await smtpMails(url))[0], { what: "the notice on the sandbox's SMTP server" });
    expect(mail.subject).toBe(`Webhook endpoint disabled: ${url}`);
    expect(mail.from).toEqual({ name: "Switchboard", email: "notices@switchboard.localhost" });
    expect(mail.to.map((a) => a.email).sort()).toEqual([ADMIN, org.ownerEmail].sort());
    expect(mail.envelope.to).not.toContain(MEMBER);
    expect(mail.text).toContain(url);
    expect(mail.text).toMatch(/Fix the receiver/);
    expect(mail.text).toMatch(/replay the failed messages/);
    // The 451 was answered (the refusal is spent) and the notice still came, once.
    expect((await sandbox.inbox()).smtp.refusal).toBeNull();
    expect(await smtpMails(url)).toHaveLength(1);
    expect(await sendgridMails(url)).toHaveLength(0);

    const entry = await noticeEntry(url, "through the platform mailer.");
    expect(entry.summary).toContain(`E-mailed to ${[ADMIN, org.ownerEmail].sort().join(", ")} through the platform mailer.`);
    expect(entry.summary).not.toContain(MEMBER);
    await noJobLeft(entry.id);
  });

  it("keeps the notice while the SMTP server is down and sends it once it is back", async () => {
    process.env.SMTP_PORT = String(org.receiver.downPort);
    const url = await disableAnEndpoint("smtp-down");

    const waiting = await noticeEntry(url, /Not e-mailed yet \(attempt 1 of 15: .*ECONNREFUSED/);
    // graphile-worker records the failed attempt just after the handler wrote the entry.
    const job = await waitFor(async () => (await mailJobs(waiting.id)).find((j) => j.last_error), { what: "the failed attempt on the job" });
    expect(job.attempts).toBeGreaterThanOrEqual(1);
    expect(job.last_error).toMatch(/will retry/);
    expect(await smtpMails(url)).toHaveLength(0);

    // The server comes back: the job's next attempt gets the notice out.
    process.env.SMTP_PORT = sandbox.appEnv.SMTP_PORT;
    await sql`update graphile_worker._private_jobs set run_at = now() where key = ${platformMailJobKey(waiting.id)} and locked_at is null`.execute(t.db);
    await waitFor(async () => (await smtpMails(url)).length === 1, { what: "the notice once the SMTP server is back" });
    await noticeEntry(url, "through the platform mailer.");
    await noJobLeft(waiting.id);
  });

  it("records a 550 on the activity log and does not retry it", async () => {
    await sandbox.control("smtp/refuse", { code: 550, times: 1, message: "5.7.1 Relaying denied" });
    const url = await disableAnEndpoint("refused");
    const entry = await noticeEntry(url, "Not e-mailed (the platform mailer could not send it: the SMTP server answered 550 5.7.1 Relaying denied");
    await noJobLeft(entry.id);
    expect(await smtpMails(url)).toHaveLength(0);
    expect(await sendgridMails(url)).toHaveLength(0);
  });
});

describe("SMTP half configured", () => {
  it("passes the platform mailer over and e-mails through the organization's SendGrid", async () => {
    delete process.env.SMTP_FROM;
    const url = await disableAnEndpoint("half-configured");
    const entry = await noticeEntry(url, "E-mailed to");
    expect(entry.summary).not.toContain("platform mailer");
    expect(await sendgridMails(url)).toHaveLength(1);
    expect(await smtpMails(url)).toHaveLength(0);
  });
});
