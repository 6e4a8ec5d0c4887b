// `npm run worker`: a job worker in its own process, for scaling out beside the
// web servers. Set WORKER_IN_PROCESS=false on the web servers when you run these.
// Without DATABASE_URL it joins the embedded database of a running `npm start`.
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { startWorker } from "@/lib/jobs/runner";
import { describeMailer, mailerConfig } from "@/lib/mailer/config";
import { serveWorkerMetrics } from "@/lib/metrics/worker-endpoint";
import { redactUrl, runningEmbeddedUrl } from "@/lib/runtime/bootstrap";
import { flushTracing, startTracing } from "@/lib/tracing/setup";

async function main() {
  // A half-set SMTP_* stops the worker here, naming the variable, rather than failing each notice.
  const mailer = mailerConfig();
  // As instrumentation.ts does for the web server: each only when configured.
  const tracing = await startTracing();
  // Sentry's SDK is loaded only when it is on.
  const errorTracking = process.env.SENTRY_DSN ? await import("@/lib/error-tracking/server") : null;
  errorTracking?.startErrorTracking();
  const url = process.env.DATABASE_URL ?? (await runningEmbeddedUrl());
  await migrate(url);
  const db = createDb(url, 5);
  const runner = await startWorker({ connectionString: url, db });
  console.log(`[worker] running against ${redactUrl(url)}; Ctrl-C stops after the jobs in hand finish`);
  console.log(`[worker] platform mail: ${mailer ? describeMailer(mailer) : "SMTP_HOST not set (notices use each organization's e-mail integration)"}`);
  console.log(`[worker] traces: ${tracing ? "exported over OTLP" : "off"}; error reports: ${errorTracking ? "sent to Sentry" : "off"}`);
  const metricsPort = process.env.WORKER_METRICS_PORT;
  const metrics = metricsPort ? await serveWorkerMetrics(db, Number(metricsPort)) : null;
  if (metrics) console.log(`[worker] metrics on :${metricsPort}/metrics${process.env.METRICS_TOKEN ? "" : " (answers 404 until METRICS_TOKEN is set)"}`);
  const shutdown = async () => {
    metrics?.close();
    await runner.stop();
    await db.destroy();
    await Promise.allSettled([flushTracing(), errorTracking?.flushErrorTracking()]);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  await runner.promise;
}

main().catch((err) => {
  console.error(`[worker] ${(err as Error).message}`);
  process.exit(1);
});
