// `npm run worker`: a job worker in its own process, for scaling out beside the
// web servers. Set WORKER_IN_PROCESS=false on the web servers when you run these.
// Without DATABASE_URL it joins the embedded database of a running `npm start`.
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { startWorker } from "@/lib/jobs/runner";
import { describeMailer, mailerConfig } from "@/lib/mailer/config";
import { redactUrl, runningEmbeddedUrl } from "@/lib/runtime/bootstrap";

async function main() {
  // A half-set SMTP_* stops the worker here, naming the variable, rather than failing each notice.
  const mailer = mailerConfig();
  const url = process.env.DATABASE_URL ?? (await runningEmbeddedUrl());
  await migrate(url);
  const db = createDb(url, 5);
  const runner = await startWorker({ connectionString: url, db });
  console.log(`[worker] running against ${redactUrl(url)}; Ctrl-C stops after the jobs in hand finish`);
  console.log(`[worker] platform mail: ${mailer ? describeMailer(mailer) : "SMTP_HOST not set (notices use each organization's e-mail integration)"}`);
  const shutdown = async () => {
    await runner.stop();
    await db.destroy();
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
