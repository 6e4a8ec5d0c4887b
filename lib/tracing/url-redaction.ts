// Spans carry no URL beyond its origin. @vercel/otel's fetch/http spans are
// named "fetch GET <url>" with the full URL in http.url and resource.name, and
// Next.js puts the raw request target in http.target; those URLs hold provider
// secrets (a GA4 api_secret in the query, the Slack/Zapier hook path) and OAuth
// codes. Where a route pattern is known (Next.js's http.route / next.route) it
// stands in for the path; otherwise nothing of the path is kept.
import type { Attributes, AttributeValue } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";

/** Attributes holding a request path (and query): the route pattern replaces them, or they go. */
const PATH_KEYS = ["http.target", "url.path"];
/** Attributes holding only a query string. */
const DROP_KEYS = ["url.query"];
const ROUTE_KEYS = ["http.route", "next.route"];
const ABSOLUTE_URL = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
// A path's query inside a span name or attribute ("GET /callback?code=..."), for text that is not an absolute URL.
const QUERY = /(\/[^\s?#]*)[?#][^\s]*/g;

function originOf(url: string): string {
  try {
    const origin = new URL(url).origin;
    // Non-special schemes have an opaque origin ("null"): keep no part of them.
    return origin === "null" ? "[url]" : origin;
  } catch {
    return "[url]";
  }
}

function scrubText(text: string): string {
  return text.replace(ABSOLUTE_URL, (url) => originOf(url)).replace(QUERY, "$1");
}

function scrubValue(value: AttributeValue): AttributeValue {
  if (typeof value === "string") return scrubText(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? scrubText(v) : v)) as AttributeValue;
  return value;
}

function routeOf(attributes: Attributes): string | undefined {
  for (const key of ROUTE_KEYS) {
    const v = attributes[key];
    if (typeof v === "string" && v.startsWith("/")) return v;
  }
  return undefined;
}

/**
 * Rewrites a span's name and attributes in place. In place because the SDK
 * hands ended spans to processors read-only by type, yet their name and
 * attribute map are plain fields, and the export processor reads them later.
 */
export function redactSpanUrls(span: { name: string; attributes: Attributes }): void {
  const attributes = span.attributes as Record<string, AttributeValue | undefined>;
  const route = routeOf(attributes);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (DROP_KEYS.includes(key)) {
      delete attributes[key];
    } else if (PATH_KEYS.includes(key)) {
      if (route) attributes[key] = route;
      else delete attributes[key];
    } else if ((key === "http.url" || key === "url.full") && typeof value === "string") {
      attributes[key] = originOf(value) + (route ?? "");
    } else {
      const scrubbed = scrubValue(value);
      if (scrubbed !== value) attributes[key] = scrubbed;
    }
  }
  const name = scrubText(span.name);
  if (name !== span.name) span.name = name;
}

/**
 * Registered ahead of @vercel/otel's export processors: processors run in
 * order, and a batch processor may export synchronously once its batch fills,
 * so the rewrite must come first. On start as well, so no other processor
 * ever sees the raw URL.
 */
export class UrlRedactingSpanProcessor implements SpanProcessor {
  onStart(span: Span): void {
    redactSpanUrls(span as unknown as { name: string; attributes: Attributes });
  }

  // Called by SDKs that know it (sdk-trace-base 2.x), while the span may still change.
  onEnding(span: Span): void {
    redactSpanUrls(span as unknown as { name: string; attributes: Attributes });
  }

  onEnd(span: ReadableSpan): void {
    redactSpanUrls(span as unknown as { name: string; attributes: Attributes });
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
