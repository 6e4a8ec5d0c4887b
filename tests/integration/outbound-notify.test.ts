// The 5-day rule's notice end to end: an organization with SendGrid connected in
// sandbox mode and a sender set, an endpoint whose receiver is down for the whole
// (compressed) schedule, and the rule compressed to a fraction of a second. The
// endpoint ends disabled, the owner and the admin (not the member) get one e-mail
// in the sandbox's SendGrid inbox naming the endpoint and what to do, and the
// activity log says it was e-mailed.
import { describe, expect, it } from "vitest";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { sendTestEvent } from "@/lib/webhooks/outbound/messages";
import { useDownEndpointOrg } from "../helpers/down-endpoint-org";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const harness = useIntegrationHarness();
const { t, sandbox } = harness;

// Obviously fake people of an obviously fake organization.
const ADMIN = "admin.notify@example.test";
const MEMBER = "member.notify@example.test";
const SENDER = "alerts@notify.example.test";
const org = useDownEndpointOrg(harness, { admin: ADMIN, member: MEMBER, sender: SENDER, senderName: "Notify Test Org" });

interface Mail {
  subject: string | null;
  text: string | null;
  from: { email: string; name?: string };
  to: Array<{ email: string }>;
}

describe("receiver down for the whole schedule", () => {
  it("disables the endpoint and e-mails the owner and admins through the org's SendGrid", async () => {
    const url = `http://127.0.0.1:${org.receiver.downPort}/hooks/down`;
    const { endpoint } = await insertEndpoint(t.db, { orgId: t.orgId, url, eventTypes: ["event.published"], source: "admin" });
    const { messageId } = await sendTestEvent(t.db, t.orgId, endpoint.id);

    const row = await waitFor(
      () => t.db.selectFrom("webhook_endpoints").selectAll().where("id", "=", endpoint.id).where("enabled", "=", false).executeTakeFirst(),
      { what: "the endpoint to be disabled" },
    );
    expect(row.disabled_reason).toMatch(/^Every delivery failed since /);
    const message = await waitFor(
      () => t.db.selectFrom("webhook_messages").selectAll().where("id", "=", messageId).where("status", "=", "failed").executeTakeFirst(),
      { what: "the message to be failed" },
    );
    const attempts = await t.db.selectFrom("webhook_attempts").selectAll().where("message_id", "=", messageId).execute();
    expect(attempts.length).toBe(message.attempts);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    // Each one refused by the closed port; listed, so a failure shows what each attempt saw.
    expect(attempts.map((a) => [a.response_status, a.error])).toEqual(attempts.map(() => [null, expect.stringMatching(/^Network error/)]));

    // The e-mail, as the sandbox's SendGrid received it.
    const mail: Mail = await waitFor(async () => {
      const emails = (await sandbox.inbox()).sendgrid.emails as Mail[];
      return emails.find((m) => m.subject?.includes(url));
    }, { what: "the notice e-mail" });
    expect(mail.subject).toBe(`Webhook endpoint disabled: ${url}`);
    expect(mail.from.email).toBe(SENDER);
    const { ownerEmail } = org;
    expect(mail.to.map((a) => a.email).sort()).toEqual([ADMIN, ownerEmail].sort());
    expect(mail.to.map((a) => a.email)).not.toContain(MEMBER);
    expect(mail.text).toContain(url);
    // What to do: fix, enable again, replay.
    expect(mail.text).toMatch(/Fix the receiver/);
    expect(mail.text).toMatch(/enable the endpoint again under Settings → Webhooks/);
    expect(mail.text).toMatch(/replay the failed messages/);
    // One e-mail, however many attempts ran after the disable.
    const notices = ((await sandbox.inbox()).sendgrid.emails as Mail[]).filter((m) => m.subject?.includes(url));
    expect(notices).toHaveLength(1);
    // The call went through the connection's policy, so it is in the call log. The
    // policy writes that row once SendGrid has answered, which can be after the
    // sandbox shows the mail: wait for it rather than read it at once.
    const call = await waitFor(
      () => t.db.selectFrom("integration_calls").select(["operation", "outcome"]).where("connector_id", "=", "sendgrid").where("operation", "=", "mail.send").where("outcome", "=", "success").executeTakeFirst(),
      { what: "the successful mail.send in the call log" },
    );
    expect(call).toEqual({ operation: "mail.send", outcome: "success" });

    const entry = await waitFor(
      () => t.db.selectFrom("activity_log").selectAll().where("org_id", "=", t.orgId).where("type", "=", "webhook.endpoint_disabled").executeTakeFirst(),
      { what: "the activity log entry" },
    );
    expect(entry.domain_event_id).toBeNull();
    expect(entry.summary).toContain(url);
    expect(entry.summary).toContain("E-mailed to");
    expect(entry.summary).toContain(ADMIN);
    expect(entry.summary).toContain(ownerEmail);
    expect(entry.summary).not.toContain(MEMBER);
  });
});
