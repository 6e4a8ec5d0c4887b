// The account's own dynamic templates (d-…): listed from SendGrid for the settings'
// selects, and, where the admin chose one for a message, sent with it and our
// values as dynamic_template_data. Our editable template stays the fallback:
// when SendGrid refuses the chosen template (deleted, no active version) the
// attendee still gets the message, from our template, and the admin is told why
// once per template in the activity log and on the connector page (its last
// error). The connection is not flagged "needs attention": that stops every
// delivery, and every message still goes out.
import type { ClientResponse } from "@sendgrid/client/src/response";
import type { MailDataRequired } from "@sendgrid/mail";
import { ProviderCallError, type FieldChoice } from "../contract";
import { renderTemplate } from "../templates";
import { derivedId } from "@/lib/db/derived-id";
import { sendgridClients } from "./client";
import { withJoinLink, withMaterialsLink } from "./event-vars";
import type { SendGridContext, SendGridSettings } from "./manifest";
import { loadTemplate, templates, type TemplateKey } from "./templates";

/** Which setting holds each message's chosen template. */
export const TEMPLATE_SETTING = {
  order_confirmation: "confirmationTemplateId",
  reminder: "reminderTemplateId",
} as const satisfies Record<TemplateKey, keyof SendGridSettings>;

interface ListedTemplate {
  id: string;
  name: string;
  generation?: string;
  versions?: Array<{ active?: number }>;
}

// SendGrid allows 300 templates an account; two pages of 200 hold them all.
const PAGE_SIZE = 200;
const MAX_PAGES = 3;

/** Said instead of the choices when the key may not read templates (a key made with Mail Send access only). */
export const NO_TEMPLATES_READ =
  "this API key may not read templates. To choose one of the account's dynamic templates, give the key Template Engine read access in SendGrid → Settings → API Keys, or paste a key that has it.";

async function listDynamicTemplates(ctx: SendGridContext): Promise<ListedTemplate[]> {
  const { client } = sendgridClients(ctx.baseUrl, ctx.credentials.apiKey);
  // Asked first because SendGrid answers a missing permission with 403, which the call
  // policy rightly reads as a refused key and would flag the connection for.
  const [, scopesBody] = await ctx.call("scopes", () => client.request({ method: "GET", url: "/v3/scopes" }));
  if (!((scopesBody as { scopes?: string[] })?.scopes ?? []).includes("templates.read")) throw new Error(NO_TEMPLATES_READ);
  const out: ListedTemplate[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const qs: Record<string, string | number> = { generations: "dynamic", page_size: PAGE_SIZE, ...(pageToken ? { page_token: pageToken } : {}) };
    const [, body] = await ctx.call("templates.list", () => client.request({ method: "GET", url: "/v3/templates", qs }));
    const { result, _metadata } = (body ?? {}) as { result?: ListedTemplate[]; _metadata?: { next?: string } };
    out.push(...(result ?? []));
    pageToken = _metadata?.next ? (new URL(_metadata.next).searchParams.get("page_token") ?? undefined) : undefined;
    if (!pageToken) break;
  }
  return out.filter((t) => t.generation === "dynamic" && /^d-[0-9a-f]{32}$/.test(t.id));
}

// The settings page asks once per field with the same context; one listing serves both selects.
const listings = new WeakMap<SendGridContext, Promise<ListedTemplate[]>>();

/** The choices of one message's template select; a chosen template SendGrid no longer has stays listed, saying so. */
export function templateChoices(key: TemplateKey) {
  return async (ctx: SendGridContext): Promise<FieldChoice[]> => {
    let listing = listings.get(ctx);
    if (!listing) {
      listing = listDynamicTemplates(ctx);
      listings.set(ctx, listing);
    }
    const choices = (await listing)
      .map((t) => ({ value: t.id, label: t.versions?.some((v) => v.active === 1) ? t.name : `${t.name} (no active version: Switchboard's template is sent)` }))
      .sort((a, b) => a.label.localeCompare(b.label));
    const saved = ctx.settings[TEMPLATE_SETTING[key]];
    if (saved && !choices.some((c) => c.value === saved)) {
      choices.push({ value: saved, label: `${saved} (no longer in SendGrid: Switchboard's template is sent instead)` });
    }
    return choices;
  };
}

/** The mail a message is, without its content: from, to, attachments, custom args. */
export type MailEnvelope = Omit<MailDataRequired, "subject" | "html" | "text" | "content" | "templateId" | "dynamicTemplateData">;

/** SendGrid's 400 naming template_id: the template is gone, or has no active version. */
function templateRefusal(err: unknown): string | undefined {
  if (!(err instanceof ProviderCallError) || err.failure.status !== 400) return undefined;
  const body = (err.cause as { response?: { body?: unknown } } | undefined)?.response?.body;
  const errors = typeof body === "object" && body !== null ? (body as { errors?: Array<{ field?: string | null; message?: string }> }).errors : undefined;
  const refusal = errors?.find((e) => e.field === "template_id");
  return refusal ? (refusal.message ?? "refused") : undefined;
}

/** Tells the admin, once per connection and template, that SendGrid refused it; the connector page's last error says it every time. */
async function noteRefusal(ctx: SendGridContext, key: TemplateKey, templateId: string, reason: string): Promise<void> {
  const message = templates.messages.find((m) => m.key === key)?.label ?? key;
  const text = `SendGrid refused the dynamic template ${templateId} chosen for the ${message.toLowerCase()} (${reason}). Switchboard's template was sent instead; choose another template in the SendGrid settings.`;
  await ctx.db.updateTable("connections").set({ last_error: text.slice(0, 1000), last_error_at: new Date() }).where("id", "=", ctx.connection.id).execute();
  const first = await ctx.db
    .insertInto("external_objects")
    .values({ connection_id: ctx.connection.id, org_id: ctx.connection.orgId, kind: "sendgrid_template_refused", local_id: derivedId(`sendgrid template ${templateId}`), external_id: templateId, data: JSON.stringify({ message: key }) })
    .onConflict((oc) => oc.columns(["connection_id", "kind", "local_id"]).doNothing())
    .returning("local_id")
    .executeTakeFirst();
  if (first) {
    await ctx.db.insertInto("activity_log").values({ org_id: ctx.connection.orgId, domain_event_id: null, type: "email.template_refused", summary: text.slice(0, 1000) }).execute();
  }
}

/**
 * Sends one of our messages: with the admin's dynamic template when one is chosen
 * (our values as its data), else, or when SendGrid refuses that template, with
 * our editable template rendered here.
 */
export async function sendMessage(ctx: SendGridContext, key: TemplateKey, vars: Record<string, string>, envelope: MailEnvelope): Promise<ClientResponse> {
  const { mail } = sendgridClients(ctx.baseUrl, ctx.credentials.apiKey);
  const templateId = ctx.settings[TEMPLATE_SETTING[key]];
  if (templateId) {
    try {
      // hideWarnings: the helper would print a warning for every value with an "&" or a quote; {{…}} escapes them.
      const [response] = await ctx.call("mail.send", () => mail.send({ ...envelope, templateId, dynamicTemplateData: vars, hideWarnings: true } as MailDataRequired));
      return response;
    } catch (err) {
      const reason = templateRefusal(err);
      if (reason === undefined) throw err;
      await noteRefusal(ctx, key, templateId, reason);
    }
  }
  const template = await loadTemplate(ctx.db, ctx.connection.orgId, key);
  const rendered = renderTemplate(template, vars);
  const html = withMaterialsLink(withJoinLink(rendered.html, template.body, vars.event_join_url ?? ""), template.body, vars.materials_url ?? "");
  const [response] = await ctx.call("mail.send", () => mail.send({ ...envelope, subject: rendered.subject, html } as MailDataRequired));
  return response;
}
