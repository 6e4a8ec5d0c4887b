// The e-mails an organization can edit for SendGrid, the placeholders each one
// fills, and where the edited versions are kept.
import type { Db } from "@/lib/db/client";
import type { MessageTemplate, TemplatesCapability } from "../contract";

export const CONFIRMATION_PLACEHOLDERS = ["buyer_name", "event_title", "event_when", "event_venue", "event_url", "event_join_url", "tickets", "order_total", "materials_url"] as const;
export const REMINDER_PLACEHOLDERS = ["attendee_name", "event_title", "event_when", "event_venue", "event_url", "event_join_url", "ticket_type", "starts_in"] as const;
export type TemplateVars = Record<(typeof CONFIRMATION_PLACEHOLDERS)[number], string>;
export type ReminderVars = Record<(typeof REMINDER_PLACEHOLDERS)[number], string>;

const MESSAGES = [
  { key: "order_confirmation", label: "Order confirmation", heading: "Order confirmation e-mail" },
  { key: "reminder", label: "Event reminder", heading: "Reminder e-mail", placeholders: REMINDER_PLACEHOLDERS },
] as const;
export type TemplateKey = (typeof MESSAGES)[number]["key"];

const defaultTemplates: Record<TemplateKey, MessageTemplate> = {
  order_confirmation: {
    subject: "Your tickets for {{event_title}}",
    body: [
      "<p>Hi {{buyer_name}},</p>",
      "<p>You're registered for <strong>{{event_title}}</strong> on {{event_when}}.</p>",
      "<p>Venue: {{event_venue}}<br>Tickets: {{tickets}}<br>Total: {{order_total}}</p>",
      "<p>The calendar entry is attached. <a href=\"{{event_url}}\">Event page</a></p>",
    ].join("\n"),
  },
  reminder: {
    subject: "Reminder: {{event_title}} starts in {{starts_in}}",
    body: [
      "<p>Hi {{attendee_name}},</p>",
      "<p><strong>{{event_title}}</strong> starts in {{starts_in}}, on {{event_when}}.</p>",
      "<p>Venue: {{event_venue}}<br>Your ticket: {{ticket_type}}</p>",
      "<p><a href=\"{{event_url}}\">Event page</a></p>",
    ].join("\n"),
  },
};

const sampleVars: TemplateVars & ReminderVars = {
  buyer_name: "Ana Example",
  attendee_name: "Ana Example",
  event_title: "Switchboard Launch Night",
  event_when: "15 Dec 2026, 18:00 (Europe/Zurich)",
  event_venue: "Kongresshaus, Zurich",
  event_url: "https://example.com/e/launch-night",
  // An event held in a place: online events add their join link (see joinLinkAdded).
  event_join_url: "",
  materials_url: "https://switchboard.example/e/summer-conference/materials/sample-link",
  tickets: "2 × Community",
  ticket_type: "Community",
  order_total: "Free",
  starts_in: "24 hours",
};

function templateKey(key: string): TemplateKey {
  const found = MESSAGES.find((m) => m.key === key);
  if (!found) throw new Error(`unknown template ${key}`);
  return found.key;
}

export async function loadTemplate(db: Db, orgId: string, key: TemplateKey): Promise<MessageTemplate> {
  const row = await db
    .selectFrom("message_templates")
    .select(["subject", "body"])
    .where("org_id", "=", orgId)
    .where("connector_id", "=", "sendgrid")
    .where("template_key", "=", key)
    .executeTakeFirst();
  return row ?? defaultTemplates[key];
}

async function saveTemplate(db: Db, orgId: string, key: TemplateKey, t: MessageTemplate): Promise<void> {
  await db
    .insertInto("message_templates")
    .values({ org_id: orgId, connector_id: "sendgrid", template_key: key, subject: t.subject, body: t.body })
    .onConflict((oc) => oc.columns(["org_id", "connector_id", "template_key"]).doUpdateSet({ subject: t.subject, body: t.body, updated_at: new Date() }))
    .execute();
}

export const templates: TemplatesCapability = {
  messages: MESSAGES,
  placeholders: CONFIRMATION_PLACEHOLDERS,
  sampleVars,
  load: (db, orgId, key) => loadTemplate(db, orgId, templateKey(key)),
  save: (db, orgId, key, t) => saveTemplate(db, orgId, templateKey(key), t),
};
