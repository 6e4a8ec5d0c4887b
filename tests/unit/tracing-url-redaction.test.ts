// No span leaves the process with a URL's path or query: the GA4 api_secret in
// a query string, the secret segment of a Slack hook path and an OAuth code in
// Next.js's http.target are all cut down to the origin (or the route pattern).
import { SpanKind } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { UrlRedactingSpanProcessor } from "@/lib/tracing/url-redaction";

const GA4 = "https://www.google-analytics.com/mp/collect?measurement_id=G-FAKE123&api_secret=fake-ga4-secret-value";
const SLACK = "https://hooks.slack.com/services/TFAKE/BFAKE/fake-slack-hook-secret";
const SECRETS = ["fake-ga4-secret-value", "api_secret", "G-FAKE123", "fake-slack-hook-secret", "TFAKE", "BFAKE", "/services", "fake-oauth-code", "fake-state"];

let exporter: InMemorySpanExporter;
let provider: BasicTracerProvider;

function tracer(withRedaction = true) {
  exporter = new InMemorySpanExporter();
  const processors = [new SimpleSpanProcessor(exporter)];
  provider = new BasicTracerProvider({ spanProcessors: withRedaction ? [new UrlRedactingSpanProcessor(), ...processors] : processors });
  return provider.getTracer("test");
}

/** A fetch span as @vercel/otel's fetch instrumentation makes it. */
function fetchSpan(t: ReturnType<typeof tracer>, url: string) {
  const u = new URL(url);
  const span = t.startSpan(`fetch POST ${url}`, {
    kind: SpanKind.CLIENT,
    attributes: { "http.method": "POST", "http.url": url, "url.full": url, "http.host": u.host, "resource.name": url.split("?")[0], "url.path": u.pathname, "url.query": u.search },
  });
  span.setAttribute("http.status_code", 204);
  span.end();
}

/** A request span as Next.js makes it: raw target at start, route pattern set at the end. */
function requestSpan(t: ReturnType<typeof tracer>, route?: string) {
  const span = t.startSpan("GET", { kind: SpanKind.SERVER, attributes: { "http.method": "GET", "http.target": "/api/oauth/callback/zoom?code=fake-oauth-code&state=fake-state" } });
  if (route) {
    span.setAttributes({ "next.route": route, "http.route": route, "next.span_name": `GET ${route}` });
    span.updateName(`GET ${route}`);
  }
  span.end();
}

const text = (spans: ReadableSpan[]) => JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes })));

afterEach(async () => {
  await provider?.shutdown();
});

describe("UrlRedactingSpanProcessor", () => {
  it("exports the secrets when it is absent (the test sees them)", () => {
    const t = tracer(false);
    fetchSpan(t, GA4);
    fetchSpan(t, SLACK);
    requestSpan(t);
    const out = text(exporter.getFinishedSpans());
    expect(out).toContain("fake-ga4-secret-value");
    expect(out).toContain("fake-slack-hook-secret");
    expect(out).toContain("fake-oauth-code");
  });

  it("leaves nothing of a GA4 query or a Slack hook path in names or attributes", () => {
    const t = tracer();
    fetchSpan(t, GA4);
    fetchSpan(t, SLACK);
    const spans = exporter.getFinishedSpans();
    const out = text(spans);
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    expect(spans.map((s) => s.name)).toEqual(["fetch POST https://www.google-analytics.com", "fetch POST https://hooks.slack.com"]);
    expect(spans[1]!.attributes).toMatchObject({ "http.url": "https://hooks.slack.com", "url.full": "https://hooks.slack.com", "resource.name": "https://hooks.slack.com", "http.host": "hooks.slack.com", "http.status_code": 204 });
    expect(spans[1]!.attributes).not.toHaveProperty("url.path");
    expect(spans[0]!.attributes).not.toHaveProperty("url.query");
  });

  it("keeps a request's route pattern and drops its raw target", () => {
    const t = tracer();
    requestSpan(t, "/api/oauth/callback/[provider]");
    requestSpan(t);
    const [routed, unrouted] = exporter.getFinishedSpans();
    expect(text([routed!, unrouted!])).not.toMatch(/fake-oauth-code|fake-state/);
    expect(routed!.name).toBe("GET /api/oauth/callback/[provider]");
    // Dropped on start, before the route is known: the raw target never sits on the span.
    expect(routed!.attributes).not.toHaveProperty("http.target");
    expect(routed!.attributes["next.route"]).toBe("/api/oauth/callback/[provider]");
    expect(unrouted!.attributes).not.toHaveProperty("http.target");
  });

  it("scrubs URLs set after the span started, before export", () => {
    const t = tracer();
    const span = t.startSpan("provider call");
    span.setAttribute("http.url", GA4);
    span.updateName(`POST ${SLACK}`);
    span.end();
    const [s] = exporter.getFinishedSpans();
    expect(s!.name).toBe("POST https://hooks.slack.com");
    expect(s!.attributes["http.url"]).toBe("https://www.google-analytics.com");
  });
});
