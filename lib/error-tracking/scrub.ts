// What an error report may carry to Sentry: the error's type and stack, where
// it happened, and text with credentials (lib/redaction) and personal data
// taken out. Sentry is told not to collect personal data (sendDefaultPii false);
// this is the second line, for what our own code puts in messages and context.
import type { Breadcrumb, ErrorEvent, StackFrame } from "@sentry/nextjs";
import { isCredentialKey } from "@/lib/redaction/names";
import { isPersonalKey, PERSONAL, redactPersonalText } from "@/lib/redaction/personal";
import { REDACTED, redactText } from "@/lib/redaction/text";

const MAX_DEPTH = 8;

// A query string in a URL or a path quoted in text: tokens and e-mail addresses travel there (percent-encoded, too).
const QUERY = /\?[A-Za-z0-9_.~%-]+=[^\s"'<>]*/g;

export const scrubText = (text: string): string => redactPersonalText(redactText(text)).replace(QUERY, `?${REDACTED}`);

/**
 * Any JSON-like value: credential fields replaced, every string scrubbed, and
 * (unless `byKey` is false: Sentry's own contexts name the runtime and the OS)
 * fields named like personal data replaced.
 */
export function scrubValue(value: unknown, opts: { byKey?: boolean } = {}, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[Object]";
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, opts, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) out[k] = v;
    else if (isCredentialKey(k)) out[k] = REDACTED;
    else if (opts.byKey !== false && isPersonalKey(k)) out[k] = PERSONAL;
    else out[k] = scrubValue(v, opts, depth + 1);
  }
  return out;
}

/** A URL without its query string and fragment (where tokens and e-mail addresses travel), its path scrubbed. */
export function scrubUrl(url: string): string {
  const cut = url.split(/[?#]/)[0]!;
  return scrubText(cut.replace(/\/\/[^/@]*@/, "//"));
}

// Headers worth keeping to understand a failed request; everything else (cookies, authorization, forwarded addresses) goes.
export const KEPT_HEADERS = ["accept", "content-type", "content-length", "user-agent", "host", "x-request-id"];
const kept = new Set(KEPT_HEADERS);

function scrubRequest(request: NonNullable<ErrorEvent["request"]>): ErrorEvent["request"] {
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).filter(([k]) => kept.has(k.toLowerCase())).map(([k, v]) => [k, scrubText(String(v))]));
  return {
    method: request.method,
    ...(request.url ? { url: scrubUrl(request.url) } : {}),
    headers,
    // Bodies, cookies and query strings hold what people typed and what callers sign with: never sent.
  };
}

// Source lines around each frame are our code, yet a literal in it (a test's sample address) is text like any other.
function scrubFrame(f: StackFrame): StackFrame {
  return {
    ...f,
    ...(f.vars ? { vars: scrubValue(f.vars) as Record<string, unknown> } : {}),
    ...(f.context_line ? { context_line: scrubText(f.context_line) } : {}),
    ...(f.pre_context ? { pre_context: f.pre_context.map(scrubText) } : {}),
    ...(f.post_context ? { post_context: f.post_context.map(scrubText) } : {}),
  };
}

export function scrubEvent(event: ErrorEvent): ErrorEvent {
  const out: ErrorEvent = { ...event };
  if (out.message) out.message = scrubText(out.message);
  if (out.logentry) out.logentry = { ...out.logentry, ...(out.logentry.message ? { message: scrubText(out.logentry.message) } : {}), params: [] };
  if (out.exception?.values) {
    out.exception = {
      ...out.exception,
      values: out.exception.values.map((ex) => ({
        ...ex,
        ...(ex.value ? { value: scrubText(ex.value) } : {}),
        ...(ex.stacktrace?.frames
          ? { stacktrace: { ...ex.stacktrace, frames: ex.stacktrace.frames.map(scrubFrame) } }
          : {}),
      })),
    };
  }
  if (out.request) out.request = scrubRequest(out.request);
  // Who it happened to is personal data; the trace and the time say enough to find them in our own logs.
  if (out.user) out.user = out.user.id !== undefined ? { id: out.user.id } : {};
  delete out.server_name;
  if (out.extra) out.extra = scrubValue(out.extra) as ErrorEvent["extra"];
  if (out.contexts) out.contexts = scrubValue(out.contexts, { byKey: false }) as ErrorEvent["contexts"];
  if (out.tags) out.tags = scrubValue(out.tags) as ErrorEvent["tags"];
  if (out.breadcrumbs) out.breadcrumbs = out.breadcrumbs.map((b) => scrubBreadcrumb(b)).filter((b): b is Breadcrumb => b !== null);
  return out;
}

export function scrubBreadcrumb(breadcrumb: Breadcrumb): Breadcrumb | null {
  const out: Breadcrumb = { ...breadcrumb };
  if (out.message) out.message = scrubText(out.message);
  if (out.data) {
    const data = scrubValue(out.data) as Record<string, unknown>;
    for (const key of ["url", "to", "from"]) if (typeof data[key] === "string") data[key] = scrubUrl(data[key]);
    delete data["http.query"];
    delete data["http.fragment"];
    out.data = data;
  }
  return out;
}
