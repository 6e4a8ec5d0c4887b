import type { Instrumentation } from "next";

// Next.js calls register() once per server process. Traces (OTEL_EXPORTER_OTLP_*)
// and error reports (SENTRY_DSN) start first, each only when configured. The job
// worker runs here by default so one `npm start` is the whole product;
// WORKER_IN_PROCESS=false leaves the jobs to separate `npm run worker` processes.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startTracing } = await import("@/lib/tracing/setup");
  await startTracing();
  if (process.env.SENTRY_DSN) {
    const { startErrorTracking } = await import("@/lib/error-tracking/server");
    startErrorTracking();
  }
  if (process.env.WORKER_IN_PROCESS === "false" || !process.env.DATABASE_URL) return;
  const { db } = await import("@/lib/db/client");
  const { startWorker } = await import("@/lib/jobs/runner");
  const { log } = await import("@/lib/log");
  try {
    await startWorker({ connectionString: process.env.DATABASE_URL, db: db() });
    log.info("job worker started in the server process");
  } catch (err) {
    // The site keeps serving; facts wait in the outbox until a worker runs.
    log.error({ err }, "job worker failed to start");
  }
}

// Errors thrown while rendering a page or running a route handler, reported (scrubbed) when Sentry is on.
export const onRequestError: Instrumentation.onRequestError = async (...args) => {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.SENTRY_DSN) return;
  const { captureRequestError } = await import("@sentry/nextjs");
  captureRequestError(...args);
};
