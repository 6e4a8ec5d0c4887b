// Provider errors often echo what was sent: tokens in headers, keys in URLs,
// secrets in form bodies. Every error text the policy stores or rethrows passes
// through here first, and is capped so one huge HTML error page cannot bloat the log.
// The shapes and credential names are the logger's (lib/redaction), so both agree.
import { REDACTED, redactText } from "@/lib/redaction/text";

export const MAX_ERROR_CHARS = 1000;

export type Redactor = (text: string) => string;

export function redactor(secrets: readonly string[] = []): Redactor {
  // Longest first, so a secret that contains another is removed whole. Very short
  // values are skipped: redacting "a" would shred every message.
  const literals = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of literals) out = out.split(s).join(REDACTED);
    out = redactText(out);
    return out.length > MAX_ERROR_CHARS ? `${out.slice(0, MAX_ERROR_CHARS - 1)}…` : out;
  };
}
