// POST /v3/mail/send: checked against SendGrid's spec and its unwritten rules, then
// kept for the inbox. 202 with an X-Message-Id, as SendGrid answers a queued send.
import type { Ctx } from "../core/context";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { keepLatest } from "../core/keep-latest";
import { sendEmpty } from "../core/respond";
import { NOT_CHECKED, type ValidationOutcome } from "../core/validation-outcome";
import { checkKey } from "./auth";
import { sendErrors } from "./errors";
import { mailSendRules } from "./rules";
import { SENDGRID_STATE, type MailAddress, type StoredMail } from "./state";
import { errorsFromIssues } from "./wording";
import { SENDGRID_SPEC } from "./spec";
import { renderTemplated } from "./templates";

/** Attachments make mail heavy; a benchmark's thousands of sends keep only the latest. */
const KEPT_MAILS = 2_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function address(v: unknown): MailAddress | null {
  if (!isObj(v) || typeof v.email !== "string") return null;
  return typeof v.name === "string" ? { email: v.email, name: v.name } : { email: v.email };
}

function addresses(v: unknown): MailAddress[] {
  return list(v).map(address).filter((a): a is MailAddress => a !== null);
}

function toStored(id: string, body: Obj, receivedAt: string, apiKey: string): StoredMail {
  const content = list(body.content).filter(isObj);
  const valueOf = (type: string) => str(content.find((c) => str(c.type)?.toLowerCase() === type)?.value);
  return {
    id,
    receivedAt,
    from: address(body.from) ?? { email: "" },
    replyTo: address(body.reply_to),
    subject: str(body.subject),
    personalizations: list(body.personalizations)
      .filter(isObj)
      .map((p) => ({
        to: addresses(p.to),
        cc: addresses(p.cc),
        bcc: addresses(p.bcc),
        subject: str(p.subject),
        from: address(p.from),
        dynamicTemplateData: isObj(p.dynamic_template_data) ? p.dynamic_template_data : null,
        rendered: null,
      })),
    text: valueOf("text/plain"),
    html: valueOf("text/html"),
    attachments: list(body.attachments)
      .filter(isObj)
      .map((a) => ({
        filename: str(a.filename) ?? "attachment",
        type: str(a.type),
        disposition: str(a.disposition) ?? "attachment",
        contentId: str(a.content_id),
        content: str(a.content) ?? "",
      })),
    categories: list(body.categories).filter((c): c is string => typeof c === "string"),
    templateId: str(body.template_id),
    sendAt: typeof body.send_at === "number" ? body.send_at : null,
    request: body,
    apiKey,
  };
}

export async function handleMailSend(ctx: Ctx): Promise<void> {
  const spec = await ctx.rt.specs.load(SENDGRID_SPEC);
  const op = spec?.operation("POST", "/v3/mail/send");
  const key = checkKey(ctx);
  if (!key.ok) {
    record(ctx, "sendgrid SendMail");
    return sendErrors(ctx, 401, [key.error]);
  }
  if (!key.canSend) {
    record(ctx, "sendgrid SendMail");
    return sendErrors(ctx, 403, [{ field: null, message: "access forbidden" }]);
  }
  if (ctx.body.kind !== "json") {
    record(ctx, "sendgrid SendMail");
    return sendErrors(ctx, 400, [{ field: null, message: "Bad Request", help: null }]);
  }
  const body = ctx.body.value;
  let validation: ValidationOutcome = NOT_CHECKED;
  if (spec && op) validation = spec.validate(op, { query: ctx.query, headers: ctx.req.headers, body });
  const rules = mailSendRules(body);
  validation = { ...validation, issues: [...validation.issues, ...rules] };
  record(ctx, `sendgrid ${op?.id ?? "SendMail"}`, validation);
  if (validation.issues.length > 0 || !isObj(body)) return sendErrors(ctx, 400, errorsFromIssues(validation.issues));

  const settings = isObj(body.mail_settings) ? body.mail_settings : {};
  // Sandbox mode is SendGrid's own dry run: validated, answered 200, never delivered.
  if (isObj(settings.sandbox_mode) && settings.sandbox_mode.enable === true) return sendEmpty(ctx, 200);

  const state = SENDGRID_STATE.of(ctx.rt);
  const templated = renderTemplated(state, key.key, body.template_id, list(body.personalizations).filter(isObj));
  if ("errors" in templated) return sendErrors(ctx, 400, templated.errors);

  const id = randomToken(16);
  const stored = toStored(id, body, new Date(ctx.rt.clock.now()).toISOString(), key.key);
  templated.rendered?.forEach((r, i) => {
    if (stored.personalizations[i]) stored.personalizations[i].rendered = r;
  });
  state.mails.push(stored);
  keepLatest(state.mails, KEPT_MAILS);
  sendEmpty(ctx, 202, { "X-Message-Id": id });
}
