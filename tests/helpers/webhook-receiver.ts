// A webhook receiver on 127.0.0.1 for outbound delivery tests: each path gets
// its own behaviour, every request is kept, and a closed port stands for a
// receiver that is down.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** delayMs: answer that much later, as a slow receiver would (the request is logged on arrival). */
export type Reply = { status: number; body?: string; delayMs?: number } | "hang";
export type Behaviour = (n: number, req: Received) => Reply;

export interface Receiver {
  url: (path: string) => string;
  port: number;
  /** A port on 127.0.0.1 nothing listens on. */
  downPort: number;
  on: (path: string, behaviour: Behaviour) => void;
  received: (path: string) => Received[];
  stop: () => Promise<void>;
}

function flat(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (typeof v === "string") out[k] = v;
  return out;
}

/** port 0 picks a free one; an end-to-end test gives the one the server is allowed to deliver to. */
export async function startReceiver(port = 0): Promise<Receiver> {
  const behaviours = new Map<string, Behaviour>();
  const log: Received[] = [];
  const hanging = new Set<import("node:http").ServerResponse>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const rec: Received = { path, headers: flat(req.headers), body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
    log.push(rec);
    const n = log.filter((r) => r.path === path).length;
    const reply: Reply = (behaviours.get(path) ?? (() => ({ status: 200, body: "ok" })))(n, rec);
    if (reply === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    // The client may be gone by now (a killed worker): writing to a closed socket is harmless.
    res.writeHead(reply.status, { "content-type": "text/plain" }).end(reply.body ?? "");
  });
  // As the sandbox's server (sandbox/server.ts): idle connections are closed long after clients drop them, never under a request.
  server.keepAliveTimeoutBuffer = 30_000;
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const listening = (server.address() as AddressInfo).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const downPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return {
    port: listening,
    downPort,
    url: (path) => `http://127.0.0.1:${listening}${path}`,
    on: (path, behaviour) => void behaviours.set(path, behaviour),
    received: (path) => log.filter((r) => r.path === path),
    stop: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
