// The webhook route's work without Next.js: a bare node:http server that reads the
// body and calls the same receiveWebhook with the same pool settings. Run as its own
// process (like `next start`) so it never shares an event loop with the load generator.
// Usage: tsx bench/lib/bare-server.ts <port>; needs DATABASE_URL and VAULT_KEYS.
import { createServer } from "node:http";
import { sql } from "kysely";
import { db } from "@/lib/db/client";
import { MAX_BODY_BYTES, receiveWebhook } from "@/lib/webhooks/inbound/receive";

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error("usage: bare-server.ts <port>");

const WEBHOOK = /^\/api\/webhooks\/([a-z0-9-]+)$/;

const server = createServer(async (req, res) => {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  try {
    // Absolute like a Web Request's url, which the route passes on (some providers sign it).
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    if (req.method === "GET" && url.pathname === "/api/health") {
      await sql`select 1`.execute(db());
      return send(200, { status: "ok" });
    }
    const match = req.method === "POST" ? WEBHOOK.exec(url.pathname) : null;
    if (!match) return send(404, { error: "Not found" });
    // The route refuses an oversized body before reading it; so does this.
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return send(413, { error: "Body too large" });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const result = await receiveWebhook(db(), {
      provider: match[1]!,
      connectionId: url.searchParams.get("connection"),
      rawBody: Buffer.concat(chunks).toString("utf8"),
      headers,
      url: url.toString(),
    });
    if (result.status !== 200) return send(result.status, { error: result.error });
    send(200, { received: true, duplicate: !result.stored });
  } catch {
    // The error itself may quote a payload; the status is enough for the bench.
    send(500, { error: "Internal error" });
  }
});

server.listen(port, "127.0.0.1");
process.on("SIGTERM", () => {
  server.close();
  void db().destroy().finally(() => process.exit(0));
});
