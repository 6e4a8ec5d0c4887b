// Registers OpenTelemetry the Next.js way (@vercel/otel), for the web server
// (instrumentation.ts) and for `npm run worker`. Next.js then opens a span for
// every request, @vercel/otel's fetch instrumentation one for every outgoing
// fetch, and our own code adds the outbox, job and provider-call spans
// (lib/tracing/spans.ts). Outgoing calls carry no traceparent header: by default
// @vercel/otel propagates only to the deployment's own URLs, which is what we
// want, since providers must not receive our trace ids. Every URL in a span is
// cut down to its origin first (./url-redaction.ts).
import { trace } from "@opentelemetry/api";
import { SERVICE_NAME, tracingConfigured } from "./config";
import { UrlRedactingSpanProcessor } from "./url-redaction";

const KEY = Symbol.for("switchboard.tracing");
const holder = globalThis as unknown as { [KEY]?: boolean };

/** Starts exporting traces over OTLP (HTTP) when an endpoint is configured; returns whether it did. */
export async function startTracing(): Promise<boolean> {
  if (!tracingConfigured()) return false;
  if (holder[KEY]) return true;
  // Loaded only when used, and as the ES module it is: tsx (npm run worker) would otherwise turn it into CommonJS, which it cannot be.
  const { registerOTel } = await import("@vercel/otel");
  // OTEL_EXPORTER_OTLP_PROTOCOL (http/protobuf by default, or http/json), OTEL_EXPORTER_OTLP_HEADERS
  // and OTEL_SERVICE_NAME are read by @vercel/otel itself.
  // Ours before "auto" (the exporters), so spans are redacted before any exporter reads them.
  registerOTel({ serviceName: SERVICE_NAME, spanProcessors: [new UrlRedactingSpanProcessor(), "auto"] });
  holder[KEY] = true;
  return true;
}

/** Sends the spans still buffered; before a process exits, or a test reads its receiver. */
export async function flushTracing(): Promise<void> {
  const provider = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const sdk = (provider.getDelegate?.() ?? provider) as { forceFlush?: () => Promise<void> };
  await sdk.forceFlush?.();
}
