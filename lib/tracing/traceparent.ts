// The W3C traceparent of the current span, to store with a fact, and the
// context to continue from a stored one. Through OpenTelemetry's propagation
// API, so with tracing off (no propagator registered) nothing is written.
import { context, propagation, ROOT_CONTEXT, type Context } from "@opentelemetry/api";

export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}
