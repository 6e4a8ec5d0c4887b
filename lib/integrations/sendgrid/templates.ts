// E-mail templates an organization can edit: a subject and an HTML body with
// {{placeholders}}. Values are HTML-escaped; unknown placeholders are refused on save.
import { z } from "zod";
import type { Db } from "@/lib/db/client";

export const PLACEHOLDERS = ["buyer_name", "event_title", "event_when", "event_venue", "event_url", "tickets", "order_total"] as const;
export type TemplateVars = Record<(typeof PLACEHOLDERS)[number], string>;

export const TEMPLATE_KEYS = { order_confirmation: "Order confirmation" } as const;
export type TemplateKey = keyof typeof TEMPLATE_KEYS;

export interface Template {
  subject: string;
  body: string;
}

export const defaultTemplates: Record<TemplateKey, Template> = {
  order_confirmation: {
    subject: "Your tickets for {{event_title}}",
    body: [
      "<p>Hi {{buyer_name}},</p>",
      "<p>You're registered for <strong>{{event_title}}</strong> on {{event_when}}.</p>",
      "<p>Venue: {{event_venue}}<br>Tickets: {{tickets}}<br>Total: {{order_total}}</p>",
      "<p>The calendar entry is attached. <a href=\"{{event_url}}\">Event page</a></p>",
    ].join("\n"),
  },
};

export const sampleVars: TemplateVars = {
  buyer_name: "Ana Example",
  event_title: "Switchboard Launch Night",
  event_when: "15 Dec 2026, 18:00 (Europe/Zurich)",
  event_venue: "Kongresshaus, Zurich",
  event_url: "https://example.com/e/launch-night",
  tickets: "2 × Community",
  order_total: "Free",
};

const placeholder = /\{\{\s*([a-z_]+)\s*\}\}/g;

function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(placeholder)].map((m) => m[1]!).filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n));
}

export const templateInput = z.object({
  subject: z
    .string()
    .trim()
    .min(1, "Enter a subject")
    .max(200, "Keep the subject under 200 characters")
    .refine((s) => unknownPlaceholders(s).length === 0, { message: `Use only these placeholders: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}` }),
  body: z
    .string()
    .trim()
    .min(1, "Enter the message")
    .max(20_000, "Keep the message under 20,000 characters")
    .refine((s) => unknownPlaceholders(s).length === 0, { message: `Use only these placeholders: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}` }),
});

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function renderTemplate(t: Template, vars: TemplateVars): { subject: string; html: string } {
  const fill = (text: string, escape: boolean) =>
    text.replace(placeholder, (_, name: keyof TemplateVars) => {
      const v = vars[name] ?? "";
      return escape ? escapeHtml(v) : v.replace(/[\r\n]+/g, " ");
    });
  return { subject: fill(t.subject, false), html: fill(t.body, true) };
}

export async function loadTemplate(db: Db, orgId: string, key: TemplateKey): Promise<Template> {
  const row = await db
    .selectFrom("message_templates")
    .select(["subject", "body"])
    .where("org_id", "=", orgId)
    .where("connector_id", "=", "sendgrid")
    .where("template_key", "=", key)
    .executeTakeFirst();
  return row ?? defaultTemplates[key];
}

export async function saveTemplate(db: Db, orgId: string, key: TemplateKey, t: Template): Promise<void> {
  await db
    .insertInto("message_templates")
    .values({ org_id: orgId, connector_id: "sendgrid", template_key: key, subject: t.subject, body: t.body })
    .onConflict((oc) => oc.columns(["org_id", "connector_id", "template_key"]).doUpdateSet({ subject: t.subject, body: t.body, updated_at: new Date() }))
    .execute();
}
