// SendGrid end to end against the sandbox: key validation with field errors,
// confirmation e-mails with an .ics and the tickets' PDF attached, from an editable template.
import { describe, expect, it } from "vitest";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { ValidationError } from "@/lib/domain/errors";
import { appKeyring } from "@/lib/vault/app-keyring";
import { connectWithApiKey, sendTest, updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { templates } from "@/lib/integrations/sendgrid/templates";
import { renderTemplate, templateInput } from "@/lib/integrations/templates";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";
import { readTicketPdf } from "../helpers/pdf-qr";

const { t, sandbox, owner } = useIntegrationHarness();

const connect = (apiKey: string) =>
  connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey } });

async function fieldErrorsOf(p: Promise<unknown>) {
  const err = await p.catch((e) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors;
}

describe("SendGrid", () => {
  it("says what is wrong with a malformed key without calling SendGrid", async () => {
    const before = (await sandbox.requests("sendgrid")).length;
    const errors = await fieldErrorsOf(connect("my-secret-key"));
    expect(errors.apiKey![0]).toMatch(/looks like SG\.xxxx\.yyyy/);
    expect((await sandbox.requests("sendgrid")).length).toBe(before);
  });

  it("names the field when SendGrid refuses the key, and stores nothing", async () => {
    const errors = await fieldErrorsOf(connect("SG.invalid-key.abcdefgh"));
    expect(errors.apiKey![0]).toMatch(/^SendGrid refused this API key: SendGrid answered 401/);
    const row = await findConnection(t.db, t.orgId, "sendgrid");
    expect(row?.credentials_sealed ?? null).toBeNull();
    expect(row?.status ?? "disconnected").toBe("disconnected");
    // The refused attempt is in the call log, with the key redacted.
    const calls = await t.db.selectFrom("integration_calls").select(["outcome", "http_status", "error"]).where("connector_id", "=", "sendgrid").execute();
    expect(calls.at(-1)).toMatchObject({ outcome: "failure", http_status: 401 });
    expect(JSON.stringify(calls)).not.toContain("SG.invalid-key.abcdefgh");
  });

  it("refuses a key that cannot send mail", async () => {
    const errors = await fieldErrorsOf(connect("SG.nosend-key.abcdefgh"));
    expect(errors.apiKey![0]).toContain("lacks the Mail Send permission");
  });

  it("connects with a working key and shows only its last four characters", async () => {
    const tested = await connect("SG.sandbox-key.demo1234");
    expect(tested.detail).toContain("may send mail");
    const row = (await findConnection(t.db, t.orgId, "sendgrid"))!;
    expect(row.status).toBe("connected");
    expect(row.credentials_hint).toBe("••••1234");
    expect(row.credentials_sealed).not.toContain("demo1234");
  });

  it("asks for a sender before sending, then sends a test e-mail", async () => {
    await expect(sendTest(t.db, appKeyring(), t.orgId, "sendgrid", { email: "admin@example.com", name: "Admin" })).rejects.toThrow(/Set the sender address/);
    await expect(updateSettings(t.db, t.orgId, "sendgrid", { fromEmail: "not-an-address", fromName: "Demo" })).rejects.toMatchObject({
      fieldErrors: { fromEmail: [expect.stringContaining("sender's e-mail address")] },
    });
    await updateSettings(t.db, t.orgId, "sendgrid", { fromEmail: "tickets@demo.example", fromName: "Demo Events", sendConfirmations: true });
    expect(await sendTest(t.db, appKeyring(), t.orgId, "sendgrid", { email: "admin@example.com", name: "Admin" })).toBe("Sent a test e-mail to admin@example.com.");
    const mails = (await sandbox.inbox()).sendgrid.emails;
    expect(mails.at(-1)).toMatchObject({ subject: "Switchboard test e-mail", from: { email: "tickets@demo.example" } });
  });

  it("validates templates and renders them with escaped values", () => {
    expect(templateInput(templates.placeholders).safeParse({ subject: "Hi {{nope}}", body: "x" }).success).toBe(false);
    const r = renderTemplate({ subject: "For {{event_title}}", body: "<p>{{buyer_name}}</p>" }, {
      buyer_name: "<script>x</script>", event_title: "Launch", event_when: "", event_venue: "", event_url: "", tickets: "", order_total: "",
    });
    expect(r).toEqual({ subject: "For Launch", html: "<p>&lt;script&gt;x&lt;/script&gt;</p>" });
  });

  it("sends one confirmation per registration, from the org's template, with the event as .ics", async () => {
    await templates.save(t.db, t.orgId, "order_confirmation", { subject: "Confirmed: {{event_title}}", body: "<p>Hello {{buyer_name}}, {{tickets}} for {{event_title}}.</p>" });
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const { order } = await registerFree(t.db, event.slug, { name: "Erin", email: "erin@example.com", ticketTypeId: ticketType.id, quantity: 2 });
    const mail = await waitFor(async () => {
      const mails = (await sandbox.inbox()).sendgrid.emails;
      return mails.find((m: { to: Array<{ email: string }> }) => m.to.some((x) => x.email === "erin@example.com"));
    }, { what: "the confirmation e-mail", timeoutMs: 20_000 });
    expect(mail.subject).toBe(`Confirmed: ${event.title}`);
    expect(mail.html).toBe(`<p>Hello Erin, 2 × General for ${event.title}.</p>`);
    expect(mail.attachments).toEqual([
      expect.objectContaining({ filename: "event.ics", type: "text/calendar" }),
      expect.objectContaining({ filename: "tickets.pdf", type: "application/pdf", disposition: "attachment" }),
    ]);
    const ics = await (await fetch(`${sandbox.url}${mail.attachments[0].url}`)).text();
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).toContain(`SUMMARY:${event.title}`);
    // The PDF as it arrived: a page per ticket, each QR code the ticket's own.
    const pdf = new Uint8Array(await (await fetch(`${sandbox.url}${mail.attachments[1].url}`)).arrayBuffer());
    const codes = await t.db.selectFrom("attendees").select("ticket_code").where("order_id", "=", order.id).orderBy("created_at").orderBy("id").execute();
    expect((await readTicketPdf(pdf)).map((p) => p.qr)).toEqual(codes.map((c) => c.ticket_code));

    // A retried delivery finds the e-mail already sent.
    const delivery = await t.db
      .selectFrom("subscriber_deliveries as d")
      .innerJoin("domain_events as e", "e.id", "d.domain_event_id")
      .select(["d.id", "d.status"])
      .where("e.aggregate_id", "=", order.id)
      .where("d.subscriber", "like", "connection:%")
      .executeTakeFirstOrThrow();
    await waitFor(async () => (await t.db.selectFrom("subscriber_deliveries").select("status").where("id", "=", delivery.id).executeTakeFirst())?.status === "succeeded", { what: "the delivery" });
    const { retryDelivery } = await import("@/lib/jobs/deliveries");
    await t.db.updateTable("subscriber_deliveries").set({ status: "dead" }).where("id", "=", delivery.id).execute();
    await retryDelivery(t.db, t.orgId, delivery.id, 3);
    await waitFor(async () => (await t.db.selectFrom("subscriber_deliveries").select("status").where("id", "=", delivery.id).executeTakeFirst())?.status === "succeeded", { what: "the retried delivery" });
    const sentToErin = (await sandbox.inbox()).sendgrid.emails.filter((m: { to: Array<{ email: string }> }) => m.to.some((x) => x.email === "erin@example.com"));
    expect(sentToErin).toHaveLength(1);
  });

  it("gives an online event's confirmation its join link: as a last paragraph, or where the template places {{event_join_url}}", async () => {
    const JOIN = "https://meet.example.test/j/8675309?pwd=a&b";
    const online = async (email: string) => {
      const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
      await t.db.updateTable("events").set({ online: true, meeting_url: JOIN, venue: "" }).where("id", "=", event.id).execute();
      await registerFree(t.db, event.slug, { name: "Olli", email, ticketTypeId: ticketType.id, quantity: 1 });
      return waitFor(async () => (await sandbox.inbox()).sendgrid.emails.find((m: { to: Array<{ email: string }> }) => m.to.some((x) => x.email === email)), { what: "the confirmation", timeoutMs: 20_000 });
    };
    await templates.save(t.db, t.orgId, "order_confirmation", { subject: "Confirmed: {{event_title}}", body: "<p>Hello {{buyer_name}}, see you at {{event_venue}}.</p>" });
    const appended = await online("olli.appended@example.com");
    expect(appended.html).toBe(`<p>Hello Olli, see you at Online.</p>\n<p>Join online: <a href="https://meet.example.test/j/8675309?pwd=a&amp;b">https://meet.example.test/j/8675309?pwd=a&amp;b</a></p>`);

    await templates.save(t.db, t.orgId, "order_confirmation", { subject: "Confirmed: {{event_title}}", body: "<p>Hello {{buyer_name}}, join at {{event_join_url}}.</p>" });
    const placed = await online("olli.placed@example.com");
    expect(placed.html).toBe("<p>Hello Olli, join at https://meet.example.test/j/8675309?pwd=a&amp;b.</p>");

    // An event held in a place has no join line at all.
    await templates.save(t.db, t.orgId, "order_confirmation", { subject: "Confirmed: {{event_title}}", body: "<p>Hello {{buyer_name}}, see you at {{event_venue}}.</p>" });
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    await registerFree(t.db, event.slug, { name: "Ines", email: "ines.inperson@example.com", ticketTypeId: ticketType.id, quantity: 1 });
    const inPerson = await waitFor(async () => (await sandbox.inbox()).sendgrid.emails.find((m: { to: Array<{ email: string }> }) => m.to.some((x) => x.email === "ines.inperson@example.com")), { what: "the in-person confirmation", timeoutMs: 20_000 });
    expect(inPerson.html).toBe(`<p>Hello Ines, see you at ${event.venue}.</p>`);
  });
});
