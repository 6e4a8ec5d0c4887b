// SendGrid's transactional templates: a few fixed ones per account (per API key),
// the dynamic ones rendered with handlebars as SendGrid renders them.
//
// There is no API description of the Templates API in ../shared/specs (only the
// mail send one is pinned), so these routes follow SendGrid's documentation
// ("Retrieve paged transactional templates", "Retrieve a single transactional
// template", "Delete a template") and check their query with zod instead.
import { createHash } from "node:crypto";
import Handlebars from "handlebars";
import { z } from "zod";
import type { Ctx } from "../core/context";
import { record } from "../core/record";
import type { Issue } from "../core/validation-outcome";
import { sendEmpty, sendJson } from "../core/respond";
import { checkKey } from "./auth";
import { helpFor, sendErrors, type SendGridError } from "./errors";
import { SENDGRID_STATE, type Rendered, type SendGridState, type StoredTemplate, type TemplateVersion } from "./state";

interface Seed {
  slug: string;
  name: string;
  generation: StoredTemplate["generation"];
  versions: Array<{ name: string; active: 0 | 1; subject: string; html: string }>;
}

// Subjects use triple braces, as SendGrid advises: double braces HTML-escape, which a subject line must not be.
const SEEDS: Seed[] = [
  {
    slug: "ticket-confirmation",
    name: "Ticket confirmation (branded)",
    generation: "dynamic",
    versions: [
      { name: "First draft", active: 0, subject: "Tickets: {{{event_title}}}", html: "<p>Old draft for {{buyer_name}}</p>" },
      {
        name: "Autumn design",
        active: 1,
        subject: "{{{event_title}}}: your tickets are confirmed",
        html: [
          '<div class="brand">',
          "<h1>Thanks, {{buyer_name}}!</h1>",
          "<p>{{tickets}} for <strong>{{event_title}}</strong>.</p>",
          "<p>When: {{event_when}}<br>Where: {{event_venue}}<br>Total: {{order_total}}</p>",
          '{{#if event_url}}<p><a href="{{event_url}}">Event page</a></p>{{/if}}',
          "</div>",
        ].join("\n"),
      },
    ],
  },
  {
    slug: "event-reminder",
    name: "Event reminder (branded)",
    generation: "dynamic",
    versions: [
      {
        name: "Default",
        active: 1,
        subject: "Soon: {{{event_title}}} in {{{starts_in}}}",
        html: [
          '<div class="brand">',
          "<p>Hi {{attendee_name}}, <strong>{{event_title}}</strong> starts in {{starts_in}} ({{event_when}}).</p>",
          "<p>Where: {{event_venue}}<br>Your ticket: {{ticket_type}}</p>",
          '{{#if event_url}}<p><a href="{{event_url}}">Event page</a></p>{{/if}}',
          "</div>",
        ].join("\n"),
      },
    ],
  },
  {
    slug: "newsletter-draft",
    name: "Spring newsletter (draft)",
    generation: "dynamic",
    versions: [{ name: "Draft", active: 0, subject: "Spring news", html: "<p>Coming soon</p>" }],
  },
  {
    slug: "plain-receipt",
    name: "Plain receipt (legacy)",
    generation: "legacy",
    versions: [{ name: "Receipt", active: 1, subject: "<%subject%>", html: "<%body%>" }],
  },
];

const UPDATED_AT = "2026-01-15 09:30:00";

function hex(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

function uuid(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Ids derive from the key, so they are stable across restarts and one account's ids are unknown to another. */
function seedTemplates(apiKey: string): StoredTemplate[] {
  return SEEDS.map((s) => {
    const id = s.generation === "dynamic" ? `d-${hex(apiKey, s.slug).slice(0, 32)}` : uuid(hex(apiKey, s.slug));
    return {
      id,
      name: s.name,
      generation: s.generation,
      updated_at: UPDATED_AT,
      versions: s.versions.map((v, i) => ({
        id: uuid(hex(apiKey, s.slug, String(i))),
        template_id: id,
        active: v.active,
        name: v.name,
        subject: v.subject,
        html_content: v.html,
        plain_content: "",
        generate_plain_content: true,
        editor: "code",
        updated_at: UPDATED_AT,
      })),
    };
  });
}

/** The account's templates, seeded on its first use. */
export function accountTemplates(state: SendGridState, apiKey: string): StoredTemplate[] {
  let list = state.templates.get(apiKey);
  if (!list) {
    list = seedTemplates(apiKey);
    state.templates.set(apiKey, list);
  }
  return list;
}

const NO_SPEC = "no API description of the Templates API in ../shared/specs: emulated from SendGrid's documentation";

const listQuery = z.object({
  generations: z
    .enum(["legacy", "dynamic", "legacy,dynamic", "dynamic,legacy"], { error: "generations must be legacy, dynamic or legacy,dynamic" })
    .default("legacy"),
  page_size: z.coerce
    .number({ error: "page_size is required: the number of templates per page, 1 to 200" })
    .int("page_size must be a whole number")
    .min(1, "page_size must be between 1 and 200")
    .max(200, "page_size must be between 1 and 200"),
  page_token: z.string().optional(),
});

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function offsetOf(token: string | undefined): number | null {
  if (token === undefined) return 0;
  const n = Number(Buffer.from(token, "base64url").toString("utf8").replace(/^offset:/, ""));
  return Number.isInteger(n) && n >= 0 ? n : null;
}

const tokenFor = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64url");

/** A version as the list shows it: without its content. */
function lean(v: TemplateVersion) {
  const { html_content: _html, plain_content: _plain, ...rest } = v;
  return rest;
}

/** GET /v3/templates?generations=&page_size=&page_token= */
export function handleListTemplates(ctx: Ctx): void {
  const key = checkKey(ctx);
  const parsed = listQuery.safeParse({ generations: one(ctx.query.generations), page_size: one(ctx.query.page_size), page_token: one(ctx.query.page_token) });
  const issues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ location: "query", path: String(i.path[0] ?? ""), message: i.message, rule: i.code }));
  record(ctx, "sendgrid ListTemplate", { checked: true, issues, notes: [NO_SPEC] });
  if (!key.ok) return sendErrors(ctx, 401, [key.error]);
  if (!key.canReadTemplates) return sendErrors(ctx, 403, [{ field: null, message: "access forbidden" }]);
  if (!parsed.success) return sendErrors(ctx, 400, issues.map((i) => ({ field: i.path, message: i.message })));
  const { generations, page_size: size, page_token } = parsed.data;
  const offset = offsetOf(page_token);
  if (offset === null) return sendErrors(ctx, 400, [{ field: "page_token", message: "page_token is not one SendGrid gave in _metadata" }]);
  const wanted = new Set(generations.split(","));
  const all = accountTemplates(SENDGRID_STATE.of(ctx.rt), key.key).filter((t) => wanted.has(t.generation));
  const page = all.slice(offset, offset + size);
  const link = (o: number) => {
    const u = new URL(`${ctx.url.origin}/sendgrid/v3/templates`);
    u.searchParams.set("generations", generations);
    u.searchParams.set("page_size", String(size));
    if (o > 0) u.searchParams.set("page_token", tokenFor(o));
    return u.toString();
  };
  sendJson(ctx, 200, {
    result: page.map((t) => ({ ...t, versions: t.versions.map(lean) })),
    _metadata: {
      self: link(offset),
      ...(offset > 0 ? { prev: link(Math.max(0, offset - size)) } : {}),
      ...(offset + size < all.length ? { next: link(offset + size) } : {}),
      count: all.length,
    },
  });
}

/** SendGrid's limit per account (and per subuser). */
const MAX_TEMPLATES = 300;

const createBody = z.object({
  name: z.string({ error: "name is required" }).min(1, "name is required").max(100, "name must be at most 100 characters"),
  generation: z.enum(["legacy", "dynamic"], { error: "generation must be legacy or dynamic" }).default("legacy"),
});

/** POST /v3/templates {name, generation}: a new template without versions, as SendGrid creates one. */
export function handleCreateTemplate(ctx: Ctx): void {
  const key = checkKey(ctx);
  const parsed = createBody.safeParse(ctx.body.kind === "json" ? ctx.body.value : undefined);
  const issues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ location: "body", path: String(i.path[0] ?? ""), message: i.message, rule: i.code }));
  record(ctx, "sendgrid CreateTemplate", { checked: true, issues, notes: [NO_SPEC] });
  if (!key.ok) return sendErrors(ctx, 401, [key.error]);
  if (!parsed.success) return sendErrors(ctx, 400, issues.map((i) => ({ field: i.path || null, message: i.message })));
  const list = accountTemplates(SENDGRID_STATE.of(ctx.rt), key.key);
  if (list.length >= MAX_TEMPLATES) return sendErrors(ctx, 400, [{ field: null, message: `An account can have at most ${MAX_TEMPLATES} templates; delete one first` }]);
  const h = hex(key.key, "created", String(ctx.rt.clock.now()), String(list.length), parsed.data.name);
  const template: StoredTemplate = {
    id: parsed.data.generation === "dynamic" ? `d-${h.slice(0, 32)}` : uuid(h),
    name: parsed.data.name,
    generation: parsed.data.generation,
    updated_at: new Date(ctx.rt.clock.now()).toISOString().slice(0, 19).replace("T", " "),
    versions: [],
  };
  list.push(template);
  sendJson(ctx, 201, template);
}

/** GET and DELETE /v3/templates/{template_id}: one template with its versions' content, or deleting it as an admin would in SendGrid. */
export function handleTemplate(ctx: Ctx, templateId: string): void {
  record(ctx, `sendgrid ${ctx.method === "DELETE" ? "DeleteTemplate" : "GetTemplate"}`, { checked: false, issues: [], notes: [NO_SPEC] });
  const key = checkKey(ctx);
  if (!key.ok) return sendErrors(ctx, 401, [key.error]);
  if (!key.canReadTemplates) return sendErrors(ctx, 403, [{ field: null, message: "access forbidden" }]);
  const list = accountTemplates(SENDGRID_STATE.of(ctx.rt), key.key);
  const at = list.findIndex((t) => t.id === templateId);
  if (at < 0) return sendErrors(ctx, 404, [{ field: null, message: "Not Found" }]);
  if (ctx.method === "GET") return sendJson(ctx, 200, list[at]);
  if (ctx.method === "DELETE") {
    list.splice(at, 1);
    return sendEmpty(ctx, 204);
  }
  sendErrors(ctx, 405, [{ field: null, message: "method not allowed" }]);
}

// An environment of its own: SendGrid's templates get handlebars' built-in helpers (if, unless, each, with) and nothing registered elsewhere.
const hbs = Handlebars.create();

function refusal(templateId: string, message: string): { errors: SendGridError[] } {
  return { errors: [{ field: "template_id", message: message.replace("%s", templateId), help: helpFor("template_id") }] };
}

/**
 * A send's template_id, checked against the account's templates and, for a
 * dynamic one, its active version rendered with each personalization's
 * dynamic_template_data. No template_id: null. A legacy template is accepted
 * but not rendered (substitutions are not emulated).
 */
export function renderTemplated(
  state: SendGridState,
  apiKey: string,
  templateId: unknown,
  personalizations: Array<Record<string, unknown>>,
): { errors: SendGridError[] } | { rendered: Rendered[] | null } {
  if (typeof templateId !== "string" || templateId === "") return { rendered: null };
  const template = accountTemplates(state, apiKey).find((t) => t.id === templateId);
  if (!template) return refusal(templateId, "The template id must be a valid template id for your account. You provided %s");
  if (template.generation === "legacy") return { rendered: null };
  const version = template.versions.find((v) => v.active === 1);
  if (!version) return refusal(templateId, "The template %s has no active version; activate one in SendGrid's template editor");
  try {
    const subject = hbs.compile(version.subject);
    const html = hbs.compile(version.html_content);
    const text = version.plain_content ? hbs.compile(version.plain_content) : null;
    return {
      rendered: personalizations.map((p) => {
        const data = typeof p.dynamic_template_data === "object" && p.dynamic_template_data !== null ? p.dynamic_template_data : {};
        return { subject: subject(data), html: html(data), text: text ? text(data) : null };
      }),
    };
  } catch (err) {
    return refusal(templateId, `The template %s could not be rendered: ${(err as Error).message}`);
  }
}
