// Sentry for the server and `npm run worker`, on only when SENTRY_DSN is set.
// OpenTelemetry belongs to lib/tracing (@vercel/otel): Sentry does not register
// a tracer provider of its own and sends no spans; its openTelemetryIntegration
// puts each error on the trace that was active when it happened.
import * as Sentry from "@sentry/nextjs";
import { KEPT_HEADERS, scrubBreadcrumb, scrubEvent } from "./scrub";

export function startErrorTracking(env: Record<string, string | undefined> = process.env): boolean {
  const dsn = env.SENTRY_DSN;
  if (!dsn) return false;
  Sentry.init({
    dsn,
    environment: env.SENTRY_ENVIRONMENT,
    release: env.SENTRY_RELEASE,
    // Sentry 11's replacement of sendDefaultPii: false, spelled out: no user, cookies, bodies, query strings,
    // local variables, query parameters or job payloads; request headers only from scrub.ts's short list.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: { request: { allow: KEPT_HEADERS }, response: false },
      httpBodies: [],
      urlQueryParams: false,
      databaseQueryData: false,
      queues: false,
      stackFrameVariables: false,
      genAI: { inputs: false, outputs: false },
      mcp: { inputs: false, outputs: false },
      graphQL: { document: false, variables: false },
    },
    enableOpenTelemetrySetup: false,
    integrations: [Sentry.openTelemetryIntegration()],
    beforeSend: scrubEvent,
    beforeBreadcrumb: scrubBreadcrumb,
  });
  return true;
}

/** Sends what is queued; before a process exits. */
export async function flushErrorTracking(timeoutMs = 2_000): Promise<void> {
  await Sentry.flush(timeoutMs);
}
