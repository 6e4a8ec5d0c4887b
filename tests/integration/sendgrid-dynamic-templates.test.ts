// SendGrid dynamic templates end to end against the sandbox: the account's d-
// templates as each message's choices, confirmations and reminders sent with the
// chosen one (our values as its data, rendered by the sandbox), our own template
// when none is chosen, and when SendGrid refuses the chosen one: the message still
// goes out from our template, and the admin is told why once.
import { Client } from "@sendgrid/client";
import { sql } from "kysely";
import { describe, expect, it, beforeAll } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { addTicketType, createEvent, publishEvent } from "@/lib/domain/events/service";
import { formatMoney } from "@/lib/domain/money";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { sendReminder } from "@/lib/domain/reminders/send";
import { connectWithApiKey, updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnector } from "@/lib/integrations/registry";
import { NO_TEMPLATES_READ } from "@/lib/integrations/sendgrid/dynamic-templates";
import { connectorPage } from "@/lib/integrations/views";
import { appKeyring } from "@/lib/vault/app-keyring";
import { eventFields, makeOrg, makeUser } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const KEY = "SG.sandbox-key.dyn-templates";
const SENDER = { fromEmail: "tickets@demo.example", fromName: "Demo Events" };

interface InboxMail {
  subject: string | null;
  html: string | null;
  to: Array<{ email: string }>;
  templateId: string | null;
  dynamicTemplateData: Record<string, string> | null;
  attachments: Array<{ filename: string; type: string }>;
}

/** The account's templates, read from the sandbox as SendGrid's UI would show them. */
async function templateIds(): Promise<Record<string, string>> {
  const client = new Client();
  client.setApiKey(KEY);
  client.setDefaultRequest("baseUrl", `${sandbox.url}/sendgrid/`);
  const [, body] = await client.request({ method: "GET", url: "/v3/templates", qs: { generations: "legacy,dynamic", page_size: 50 } });
  return Object.fromEntries((body as { result: Array<{ id: string; name: string }> }).result.map((x) => [x.name, x.id]));
}

async function deleteTemplate(id: string) {
  const client = new Client();
  client.setApiKey(KEY);
  client.setDefaultRequest("baseUrl", `${sandbox.url}/sendgrid/`);
  await client.request({ method: "DELETE", url: `/v3/templates/${id}` });
}

const mailTo = (email: string) =>
  waitFor(async () => ((await sandbox.inbox()).sendgrid.emails as InboxMail[]).find((m) => m.to.some((x) => x.email === email)), { what: `the e-mail to ${email}`, timeoutMs: 20_000 });

/** The last mail send SendGrid received for this address, as sent. */
async function sentBodyTo(email: string) {
  const sends = (await sandbox.requests("sendgrid")).filter((r) => r.path.endsWith("/v3/mail/send") && JSON.stringify(r.body).includes(email));
  return sends.at(-1)!.body as Record<string, any>;
}

const refusalNotes = () => t.db.selectFrom("activity_log").select(["summary", "domain_event_id"]).where("org_id", "=", t.orgId).where("type", "=", "email.template_refused").execute();

async function settingsField(name: string) {
  const page = await connectorPage(t.db, t.orgId, (await loadConnector("sendgrid"))!);
  return page.fields.find((f) => f.name === name)!;
}

async function deliveriesSucceeded(orderId: string) {
  await waitFor(
    async () => {
      const rows = await t.db
        .selectFrom("subscriber_deliveries as d")
        .innerJoin("domain_events as e", "e.id", "d.domain_event_id")
        .select("d.status")
        .where("e.aggregate_id", "=", orderId)
        .where("d.subscriber", "like", "connection:%")
        .execute();
      return rows.length > 0 && rows.every((r) => r.status === "succeeded") ? true : undefined;
    },
    { what: "the connection's delivery to succeed" },
  );
}

/** A second organization whose SendGrid key is the one given. */
async function createOrgWithSendGrid(apiKey: string) {
  const org = await makeOrg(t.db, "Mail-only Org");
  const admin = await makeUser(t.db, org.id, "owner");
  await connectWithApiKey(t.db, appKeyring(), { orgId: org.id, userId: admin.id, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey } });
  return { orgId: org.id };
}

let ids: Record<string, string>;
let event: Awaited<ReturnType<typeof publishEvent>>;
let ticketTypeId: string;

beforeAll(async () => {
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey: KEY } });
  await updateSettings(t.db, t.orgId, "sendgrid", SENDER);
  ids = await templateIds();
  const created = await createEvent(t.db, t.orgId, { ...eventFields, title: "Rock & Roll Night" });
  ticketTypeId = (await addTicketType(t.db, t.orgId, created.id, { name: "General", price: "0", currency: "EUR", quantity: 100 })).id;
  event = await publishEvent(t.db, t.orgId, created.id);
});

describe("SendGrid dynamic templates", () => {
  it("offers the account's dynamic templates for each message, Switchboard's template as the empty choice, from one listing", async () => {
    const before = (await sandbox.requests("sendgrid")).length;
    const page = await connectorPage(t.db, t.orgId, (await loadConnector("sendgrid"))!);
    const listings = (await sandbox.requests("sendgrid")).slice(before).filter((r) => r.path.endsWith("/v3/templates"));
    expect(listings).toHaveLength(1);
    expect(listings[0]!.query).toMatchObject({ generations: "dynamic", page_size: "200" });

    const expected = [
      { value: ids["Event reminder (branded)"], label: "Event reminder (branded)" },
      { value: ids["Spring newsletter (draft)"], label: "Spring newsletter (draft) (no active version: Switchboard's template is sent)" },
      { value: ids["Ticket confirmation (branded)"], label: "Ticket confirmation (branded)" },
    ];
    const confirmation = page.fields.find((f) => f.name === "confirmationTemplateId")!;
    const reminder = page.fields.find((f) => f.name === "reminderTemplateId")!;
    for (const field of [confirmation, reminder]) {
      expect(field).toMatchObject({ type: "select", value: "", emptyChoice: "Switchboard's template (edited below)", choices: expected });
      expect(field.choicesError).toBeUndefined();
    }
    // The legacy template is not a choice: it cannot take dynamic data.
    expect(confirmation.choices!.map((c) => c.value)).not.toContain(ids["Plain receipt (legacy)"]);
    expect(confirmation.label).toBe("Order confirmation: SendGrid dynamic template");
    expect(confirmation.help).toContain("{{buyer_name}} {{event_title}} {{event_when}} {{event_venue}} {{event_url}} {{event_join_url}} {{tickets}} {{order_total}} {{materials_url}}");
    expect(reminder.help).toContain("{{attendee_name}}");
    expect(reminder.help).toContain("{{starts_in}}");
  });

  it("refuses an id that is not a dynamic template's, naming the field", async () => {
    for (const bad of ["d-123", ids["Plain receipt (legacy)"]!, "D-" + "A".repeat(32)]) {
      const err = await updateSettings(t.db, t.orgId, "sendgrid", { ...SENDER, confirmationTemplateId: bad }).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldErrors.confirmationTemplateId![0]).toMatch(/^A dynamic template id is d- followed by 32 hexadecimal characters/);
    }
    expect((await findConnection(t.db, t.orgId, "sendgrid"))!.settings).not.toHaveProperty("confirmationTemplateId", "d-123");
  });

  it("sends the confirmation with the chosen template and our values as its data, keeping the .ics and custom args, through a 500", async () => {
    const templateId = ids["Ticket confirmation (branded)"]!;
    await updateSettings(t.db, t.orgId, "sendgrid", { ...SENDER, confirmationTemplateId: templateId });
    // One 500 first: retried with the template, not mistaken for a refusal of it.
    await sandbox.control("faults", { provider: "sendgrid", match: "/v3/mail/send", kind: "status", status: 500, times: 1 });
    const { order } = await registerFree(t.db, event.slug, { name: "Erin", email: "erin@example.com", ticketTypeId, quantity: 2 });

    const mail = await mailTo("erin@example.com");
    expect(mail.templateId).toBe(templateId);
    expect(mail.dynamicTemplateData).toEqual({
      buyer_name: "Erin",
      event_title: "Rock & Roll Night",
      event_when: expect.stringMatching(/\(Europe\/Zurich\)$/),
      event_venue: "Hall 1",
      event_url: expect.stringContaining(event.slug),
      // An event held in a place: no join link.
      event_join_url: "",
      tickets: "2 × General",
      order_total: formatMoney(0, "EUR"),
      // An event without materials: no materials link.
      materials_url: "",
    });
    // Rendered by the sandbox from the template's active version.
    expect(mail.subject).toBe("Rock & Roll Night: your tickets are confirmed");
    expect(mail.html).toContain("<h1>Thanks, Erin!</h1>");
    expect(mail.html).toContain("2 × General for <strong>Rock &amp; Roll Night</strong>");
    expect(mail.attachments).toEqual([expect.objectContaining({ filename: "event.ics", type: "text/calendar" }), expect.objectContaining({ filename: "tickets.pdf", type: "application/pdf" })]);
    const sent = await sentBodyTo("erin@example.com");
    expect(sent).toMatchObject({ template_id: templateId, custom_args: { order_id: order.id } });
    expect(sent).not.toHaveProperty("subject");
    expect(sent).not.toHaveProperty("content");

    await deliveriesSucceeded(order.id);
    const calls = await t.db.selectFrom("integration_calls").select(["operation", "http_status", "outcome"]).where("operation", "=", "mail.send").orderBy("created_at").execute();
    expect(calls.map((c) => c.http_status ?? c.outcome)).toEqual([500, "success"]);
    expect(await refusalNotes()).toEqual([]);
  });

  it("sends our editable template when none is chosen", async () => {
    await updateSettings(t.db, t.orgId, "sendgrid", { ...SENDER, confirmationTemplateId: "" });
    const { order } = await registerFree(t.db, event.slug, { name: "Finn", email: "finn@example.com", ticketTypeId, quantity: 1 });
    const mail = await mailTo("finn@example.com");
    expect(mail.templateId).toBeNull();
    expect(mail.subject).toBe("Your tickets for Rock & Roll Night");
    expect(mail.html).toContain("<p>Hi Finn,</p>");
    expect(mail.attachments).toEqual([expect.objectContaining({ filename: "event.ics" }), expect.objectContaining({ filename: "tickets.pdf" })]);
    expect(await sentBodyTo("finn@example.com")).toMatchObject({ custom_args: { order_id: order.id } });
  });

  it("falls back to our template when SendGrid refuses a deleted template, and tells the admin once", async () => {
    const templateId = ids["Ticket confirmation (branded)"]!;
    await updateSettings(t.db, t.orgId, "sendgrid", { ...SENDER, confirmationTemplateId: templateId });
    await deleteTemplate(templateId);

    const first = await registerFree(t.db, event.slug, { name: "Gina", email: "gina@example.com", ticketTypeId, quantity: 1 });
    const mail = await mailTo("gina@example.com");
    expect(mail.templateId).toBeNull();
    expect(mail.subject).toBe("Your tickets for Rock & Roll Night");
    expect(mail.html).toContain("<p>Hi Gina,</p>");
    expect(mail.attachments).toEqual([expect.objectContaining({ filename: "event.ics" }), expect.objectContaining({ filename: "tickets.pdf" })]);
    expect(await sentBodyTo("gina@example.com")).toMatchObject({ custom_args: { order_id: first.order.id } });
    await deliveriesSucceeded(first.order.id);

    const notes = await refusalNotes();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.summary).toBe(
      `SendGrid refused the dynamic template ${templateId} chosen for the order confirmation (The template id must be a valid template id for your account. You provided ${templateId}). Switchboard's template was sent instead; choose another template in the SendGrid settings.`,
    );
    const row = (await findConnection(t.db, t.orgId, "sendgrid"))!;
    // Every message still goes out, so the connection keeps working; the page says why the template was not used.
    expect(row.status).toBe("connected");
    expect(row.last_error).toBe(notes[0]!.summary);
    // The refusal is permanent: asked once, not retried.
    const refused = await t.db.selectFrom("integration_calls").select("attempt").where("operation", "=", "mail.send").where("http_status", "=", 400).execute();
    expect(refused).toEqual([{ attempt: 1 }]);

    // Another confirmation falls back too, without a second note.
    await registerFree(t.db, event.slug, { name: "Hank", email: "hank@example.com", ticketTypeId, quantity: 1 });
    expect((await mailTo("hank@example.com")).subject).toBe("Your tickets for Rock & Roll Night");
    expect(await refusalNotes()).toHaveLength(1);

    // The settings keep the choice visible, saying what happened to it.
    expect((await settingsField("confirmationTemplateId")).choices).toContainEqual({ value: templateId, label: `${templateId} (no longer in SendGrid: Switchboard's template is sent instead)` });
  });

  it("says how to fix a key that may not read templates, without flagging the connection", async () => {
    const mailOnly = "SG.notemplates-key.dyn-templates";
    const other = await createOrgWithSendGrid(mailOnly);
    const page = await connectorPage(t.db, other.orgId, (await loadConnector("sendgrid"))!);
    const field = page.fields.find((f) => f.name === "confirmationTemplateId")!;
    expect(field.choices).toBeUndefined();
    expect(field.choicesError).toBe(`Could not load the choices from SendGrid: ${NO_TEMPLATES_READ}`);
    const row = (await findConnection(t.db, other.orgId, "sendgrid"))!;
    expect(row.status).toBe("connected");
    expect(row.last_error).toBeNull();
  });

  it("lists every page of an account with more templates than a page holds", async () => {
    const busyKey = "SG.busy-account.dyn-templates";
    const other = await createOrgWithSendGrid(busyKey);
    const client = new Client();
    client.setApiKey(busyKey);
    client.setDefaultRequest("baseUrl", `${sandbox.url}/sendgrid/`);
    for (let n = 1; n <= 200; n++) await client.request({ method: "POST", url: "/v3/templates", body: { name: `Campaign ${String(n).padStart(3, "0")}`, generation: "dynamic" } });
    const before = (await sandbox.requests("sendgrid")).length;
    const field = (await connectorPage(t.db, other.orgId, (await loadConnector("sendgrid"))!)).fields.find((f) => f.name === "reminderTemplateId")!;
    // The three the account started with and the 200 made since, over two pages.
    expect(field.choices).toHaveLength(203);
    expect(field.choices!.filter((c) => c.label.startsWith("Campaign "))).toHaveLength(200);
    const listings = (await sandbox.requests("sendgrid")).slice(before).filter((r) => r.path.endsWith("/v3/templates"));
    expect(listings.map((r) => r.query.page_token === undefined)).toEqual([true, false]);
  });

  it("sends the reminder with its chosen template, and ours when the chosen one has no active version", async () => {
    const reminderId = ids["Event reminder (branded)"]!;
    const draftId = ids["Spring newsletter (draft)"]!;
    await updateSettings(t.db, t.orgId, "sendgrid", { ...SENDER, sendConfirmations: false, reminderTemplateId: reminderId });
    const soon = await createEvent(t.db, t.orgId, { ...eventFields, title: "Soon & Later", venue: "Hall 9" });
    const tt = await addTicketType(t.db, t.orgId, soon.id, { name: "Early", price: "0", currency: "EUR", quantity: 10 });
    await publishEvent(t.db, t.orgId, soon.id);
    const ivy = (await registerFree(t.db, soon.slug, { name: "Ivy", email: "ivy@example.com", ticketTypeId: tt.id, quantity: 1 })).attendees[0]!;
    const jay = (await registerFree(t.db, soon.slug, { name: "Jay", email: "jay@example.com", ticketTypeId: tt.id, quantity: 1 })).attendees[0]!;
    // The hour-before reminder is due: the event starts in 30 minutes.
    await sql`update events set starts_at = now() + interval '30 minutes', ends_at = now() + interval '3 hours' where id = ${soon.id}`.execute(t.db);

    expect(await sendReminder(t.db, ivy.id, 60)).toBe("sent");
    const mail = await mailTo("ivy@example.com");
    expect(mail.templateId).toBe(reminderId);
    expect(mail.dynamicTemplateData).toEqual({
      attendee_name: "Ivy",
      event_title: "Soon & Later",
      event_when: expect.stringMatching(/\(Europe\/Zurich\)$/),
      event_venue: "Hall 9",
      event_url: expect.stringContaining(soon.slug),
      event_join_url: "",
      ticket_type: "Early",
      starts_in: "1 hour",
    });
    expect(mail.subject).toBe("Soon: Soon & Later in 1 hour");
    expect(mail.html).toContain("Hi Ivy, <strong>Soon &amp; Later</strong> starts in 1 hour");
    expect(await sentBodyTo("ivy@example.com")).toMatchObject({ template_id: reminderId, custom_args: { attendee_id: ivy.id, reminder_offset_minutes: "60" } });

    await updateSettings(t.db, t.orgId, "sendgrid", { ...SENDER, sendConfirmations: false, reminderTemplateId: draftId });
    expect(await sendReminder(t.db, jay.id, 60)).toBe("sent");
    const fallback = await mailTo("jay@example.com");
    expect(fallback.templateId).toBeNull();
    expect(fallback.subject).toBe("Reminder: Soon & Later starts in 1 hour");
    expect(fallback.html).toContain("Hi Jay,");
    expect(await sentBodyTo("jay@example.com")).toMatchObject({ custom_args: { attendee_id: jay.id } });
    const note = await waitFor(async () => (await refusalNotes()).find((n) => n.summary.includes(draftId)), { what: "the note about the draft template" });
    expect(note.summary).toContain("chosen for the event reminder (The template");
    expect(note.summary).toContain("has no active version");
  });
});
