// Our own spans. Attributes are names and counts only: no ids of people, no
// payloads, no error texts (which may quote a provider's answer).
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import { contextFromTraceparent } from "./traceparent";

const tracer = () => trace.getTracer("switchboard");

async function inSpan<T>(span: Span, fn: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await fn(span);
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.name ?? "Error" });
    throw err;
  } finally {
    span.end();
  }
}

/** A span around `fn` as a child of the current span (a provider call inside a job or a request). */
export function withSpan<T>(name: string, opts: { kind?: SpanKind; attributes?: Attributes }, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes }, (span) => inSpan(span, fn));
}

/**
 * A job's span, continuing the trace of the request that recorded its fact
 * when there is one (a traceparent stored with the fact), a new trace otherwise.
 */
export function withJobSpan<T>(task: string, parent: string | null, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  return context.with(contextFromTraceparent(parent), () =>
    tracer().startActiveSpan(`job ${task}`, { kind: SpanKind.CONSUMER, attributes: { "job.task": task, ...attributes } }, (span) => inSpan(span, fn)),
  );
}

/** Sets attributes on the current span, if a span is recording. */
export function annotateSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

export { SpanKind };
