// Provider errors often echo what was sent: tokens in headers, keys in URLs,
// secrets in form bodies. Every error text the policy stores or rethrows passes
// through here first, and is capped so one huge HTML error page cannot bloat the log.
export const MAX_ERROR_CHARS = 1000;
const R = "[redacted]";

const PATTERNS: Array<[RegExp, string]> = [
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, `Bearer ${R}`],
  [/\bxox[abpers]-[A-Za-z0-9-]+/g, R],
  [/\bSG\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, R],
  [/\bya29\.[A-Za-z0-9._-]+/g, R],
  [/(^|[^A-Za-z0-9])1\/\/[A-Za-z0-9._-]{10,}/g, `$1${R}`],
  [/\b[rs]k_(?:live|test)_[A-Za-z0-9]+/g, R],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, R],
  [/\b(client_secret|password|access_token|refresh_token|api_key|apikey)=[^&\s"',;]+/gi, `$1=${R}`],
  [/"(client_secret|password|access_token|refresh_token|api_key|apiKey)"\s*:\s*"[^"]*"/g, `"$1":"${R}"`],
];

export type Redactor = (text: string) => string;

export function redactor(secrets: readonly string[] = []): Redactor {
  // Longest first, so a secret that contains another is removed whole. Very short
  // values are skipped: redacting "a" would shred every message.
  const literals = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of literals) out = out.split(s).join(R);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out.length > MAX_ERROR_CHARS ? `${out.slice(0, MAX_ERROR_CHARS - 1)}…` : out;
  };
}
