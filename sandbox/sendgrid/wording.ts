// SendGrid's own wording for the mistakes it names; anything else keeps the validator's.
import type { Issue } from "../core/validation-outcome";
import { helpFor, type SendGridError } from "./errors";

export const MESSAGES = {
  personalizations: "The personalizations field is required and must have at least one personalization.",
  from: 'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.  e.g. {"email" : "example@example.com"}  or {"email" : "example@example.com", "name" : "Example Recipient"}',
  fromEmail: "The from email does not contain a valid address.",
  address: "Does not contain a valid address.",
  to: "The to array is required for all personalization objects, and must have at least one email object with a valid email address.",
  subject: "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
  content:
    "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.",
  contentValue: "The content value must be a string at least one character in length.",
  contentType: "The content type must be a string at least one character in length.",
  contentOrder: "If present, text/plain must be first, followed by text/html, followed by any other content.",
  attachmentContent: "The attachment content must be base64 encoded.",
  attachmentFilename: "The attachment filename parameter is required.",
  unique: "Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [%s] in the personalizations.%d.%s field.",
  recipients: "The total number of recipients must be less than 1000. This includes all recipients defined within the to, cc, and bcc parameters, across each object that you include in the personalizations array.",
  replyToBoth: "The reply_to and reply_to_list fields cannot both be set.",
} as const;

const RULES: Array<{ test: (path: string, rule: string) => boolean; message: string }> = [
  { test: (p) => p === "personalizations", message: MESSAGES.personalizations },
  { test: (p, r) => (p === "from" || p === "from.email") && r === "required", message: MESSAGES.from },
  { test: (p) => p === "from.email" || p === "from", message: MESSAGES.fromEmail },
  { test: (p) => /^personalizations\.\d+\.to$/.test(p), message: MESSAGES.to },
  { test: (p) => /^personalizations\.\d+\.(to|cc|bcc)\.\d+(\.email)?$/.test(p), message: MESSAGES.address },
  { test: (p) => /^(reply_to|personalizations\.\d+\.from)(\.email)?$/.test(p), message: MESSAGES.address },
  { test: (p) => /^content\.\d+\.value$/.test(p), message: MESSAGES.contentValue },
  { test: (p) => /^content\.\d+\.type$/.test(p), message: MESSAGES.contentType },
  { test: (p, r) => /^attachments\.\d+\.filename$/.test(p) && r === "required", message: MESSAGES.attachmentFilename },
  { test: (p) => /^attachments\.\d+\.content$/.test(p), message: MESSAGES.attachmentContent },
  { test: (p) => p === "subject" || /^personalizations\.\d+\.subject$/.test(p), message: MESSAGES.subject },
];

export function sendGridError(field: string, message: string): SendGridError {
  return { message, field, help: helpFor(field) };
}

/** One error per field, as SendGrid reports them, in the order found. */
export function errorsFromIssues(issues: Issue[]): SendGridError[] {
  const seen = new Set<string>();
  const out: SendGridError[] = [];
  for (const issue of issues) {
    const field = issue.path;
    if (seen.has(field)) continue;
    seen.add(field);
    // A body that is not an object at all has no field to blame; SendGrid says only "Bad Request".
    if (field === "") {
      out.push({ message: "Bad Request", field: null, help: null });
      continue;
    }
    const known = RULES.find((r) => r.test(field, issue.rule));
    out.push(sendGridError(field, known?.message ?? issue.message));
  }
  return out;
}
