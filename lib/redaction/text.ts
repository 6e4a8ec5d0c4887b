// Credentials inside free text: error messages, provider error bodies, stack traces,
// log messages. Known token shapes, "name=value" and "name": "value" pairs whose name
// is a credential's, header lines, URL passwords and private key blocks.
import { CREDENTIAL_NAME } from "./names";

export const REDACTED = "[redacted]";
const R = REDACTED;

const PATTERNS: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, R],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, `Bearer ${R}`],
  [/\bBasic\s+[A-Za-z0-9+/=]{8,}/g, `Basic ${R}`],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, R],
  [/\bxox[abpers]-[A-Za-z0-9-]+/g, R],
  [/\bSG\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, R],
  [/\bya29\.[A-Za-z0-9._-]+/g, R],
  [/(^|[^A-Za-z0-9])1\/\/[A-Za-z0-9._-]{10,}/g, `$1${R}`],
  [/\b[rs]k_(?:live|test)_[A-Za-z0-9]+/g, R],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, R],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, R],
  [/\bsbk_[A-Za-z0-9_-]+/g, R],
  // scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]+@/gi, `$1${R}@`],
  [new RegExp(`"(${CREDENTIAL_NAME})"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*"`, "gi"), `"$1":"${R}"`],
  [new RegExp(`\\b(${CREDENTIAL_NAME})=[^&\\s"',;]+`, "gi"), `$1=${R}`],
  // Header lines: the rest of the line, since a cookie header holds many pairs with any names.
  // The lookahead's \s stops the separator's spaces from backtracking past an already-redacted value.
  [/\b((?:proxy-)?authorization|set-cookie|cookie|x-api-key)(\s*:\s*)(?!\s|\[redacted\]|Bearer \[redacted\]|Basic \[redacted\])[^\r\n]+/gi, `$1$2${R}`],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
