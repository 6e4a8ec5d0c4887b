// `npm run worker` serves no pages, yet it makes the provider calls and the
// deliveries: with WORKER_METRICS_PORT it answers scrapes on its own port, with
// the same token and the same answer as /api/metrics.
import { createServer, type Server } from "node:http";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { answerScrape } from "./scrape";

export async function serveWorkerMetrics(db: Db, port: number, host = "0.0.0.0"): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Scrape GET /metrics" }));
      return;
    }
    answerScrape(req.headers.authorization ?? null, db).then(
      (a) => res.writeHead(a.status, a.headers).end(a.body),
      (err: unknown) => {
        log.error({ err }, "metrics scrape failed");
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return server;
}
