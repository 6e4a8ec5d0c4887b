// Refusals the real API makes that its OpenAPI file does not express (minimum
// counts, conditional requirements, ordering). Written defensively: the body may
// not even match the spec when the specs folder is absent.
import type { Issue } from "../core/validation-outcome";
import { MESSAGES } from "./wording";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

function issue(path: string, message: string, rule = "sendgrid"): Issue {
  return { location: "body", path, message, rule };
}

export function mailSendRules(body: unknown): Issue[] {
  if (!isObj(body)) return [issue("", "Bad Request", "type")];
  const out: Issue[] = [];
  const personalizations = list(body.personalizations);
  if (Array.isArray(body.personalizations) && personalizations.length === 0) out.push(issue("personalizations", MESSAGES.personalizations));
  let recipients = 0;
  personalizations.forEach((p, i) => {
    if (!isObj(p)) return;
    if (Array.isArray(p.to) && p.to.length === 0) out.push(issue(`personalizations.${i}.to`, MESSAGES.to));
    const seen = new Set<string>();
    for (const kind of ["to", "cc", "bcc"] as const) {
      for (const r of list(p[kind])) {
        recipients++;
        const email = isObj(r) && typeof r.email === "string" ? r.email.toLowerCase() : null;
        if (email && seen.has(email)) out.push(issue(`personalizations.${i}.${kind}`, MESSAGES.unique.replace("%s", email).replace("%d", String(i)).replace("%s", kind)));
        if (email) seen.add(email);
      }
    }
  });
  if (recipients > 1000) out.push(issue("personalizations", MESSAGES.recipients));

  const hasTemplate = typeof body.template_id === "string" && body.template_id !== "";
  const content = list(body.content);
  if (!hasTemplate && content.length === 0) out.push(issue("content", MESSAGES.content));
  const types = content.map((c) => (isObj(c) && typeof c.type === "string" ? c.type.toLowerCase() : ""));
  const plain = types.indexOf("text/plain");
  const htmlAt = types.indexOf("text/html");
  if (plain > 0 || (htmlAt >= 0 && htmlAt !== (plain === 0 ? 1 : 0))) out.push(issue("content", MESSAGES.contentOrder));

  const everyHasSubject = personalizations.length > 0 && personalizations.every((p) => isObj(p) && typeof p.subject === "string" && p.subject !== "");
  const subject = typeof body.subject === "string" && body.subject !== "";
  if (!hasTemplate && !subject && !everyHasSubject) out.push(issue("subject", MESSAGES.subject));

  list(body.attachments).forEach((a, i) => {
    if (isObj(a) && typeof a.content === "string" && !BASE64.test(a.content)) out.push(issue(`attachments.${i}.content`, MESSAGES.attachmentContent));
  });
  if (body.reply_to !== undefined && body.reply_to_list !== undefined) out.push(issue("reply_to", MESSAGES.replyToBoth));
  return out;
}
