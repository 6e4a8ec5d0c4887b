// The receivers: three node:http servers on 127.0.0.1 in a process of their own
// (so verifying signatures never shares an event loop with the worker, and the
// CPU they use is counted apart). Every request is verified with the
// standardwebhooks package, as the README tells receivers to, and recorded as
// (webhook-id, endpoint path, receive time, status). Receipts go to the bench
// over IPC in batches. Endpoint path i is served by server i % 3, so "a third of
// the receivers" is one server: it answers 500 or stops listening during an outage.
// Started by delivery-receivers.ts with fork(); not meant to be run by hand.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { ChildMessage, ParentMessage, Receipt } from "./delivery-protocol";

if (!process.send) throw new Error("delivery-receiver-process.ts runs under the bench (fork with IPC)");
const send = (m: ChildMessage) => process.send!(m);

/** Path → verifier. One Webhook per endpoint: it decodes the whsec_ secret once, not per request. */
const verifiers = new Map<string, Webhook>();
/** Servers whose group is in an outage answer 500 (the "down" mode closes them instead). */
const failing = new Set<number>();
let pending: Receipt[] = [];
let unknownPaths = 0;

function flush() {
  if (pending.length === 0) return;
  send({ type: "receipts", receipts: pending });
  pending = [];
}
// Small batches: the bench's "last receipt" comes from `at`, not from when the batch arrives.
setInterval(flush, 25).unref();

async function handle(group: number, req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const at = Date.now();
  const body = Buffer.concat(chunks).toString("utf8");
  const path = req.url ?? "/";
  const verifier = verifiers.get(path);
  if (!verifier) {
    unknownPaths++;
    res.writeHead(404).end();
    return;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
  // Verify every request, the failing ones included: a receiver checks before it looks.
  let signatureOk = true;
  let occurredAt = Number.NaN;
  try {
    const payload = verifier.verify(body, headers) as { timestamp?: string };
    // The body's timestamp is the domain event's occurred_at (Postgres' now() of the writing transaction).
    occurredAt = Date.parse(payload.timestamp ?? "");
  } catch {
    signatureOk = false;
  }
  const status = !signatureOk ? 400 : failing.has(group) ? 500 : 204;
  pending.push({ msgId: headers["webhook-id"] ?? "", path, at, status, occurredAt, signatureOk });
  res.writeHead(status, { "content-type": "text/plain" }).end(status === 500 ? "bench outage" : "");
}

const servers: Server[] = [];
const ports: number[] = [];

function listen(group: number, port = 0): Promise<number> {
  const server = createServer((req, res) => {
    handle(group, req, res).catch(() => res.destroy());
  });
  servers[group] = server;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

async function stopListening(group: number) {
  const server = servers[group]!;
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}

process.on("message", async (m: ParentMessage) => {
  try {
    switch (m.type) {
      case "endpoints":
        for (const [path, secret] of m.endpoints) verifiers.set(path, new Webhook(secret));
        break;
      case "outage":
        if (m.mode === "500") failing.add(m.group);
        else await stopListening(m.group);
        break;
      case "recover":
        if (m.mode === "500") failing.delete(m.group);
        // Same port: the endpoints' URLs name it. Nothing else binds it in the meantime on a quiet machine.
        else await listen(m.group, ports[m.group]);
        break;
      case "flush":
        break;
    }
    flush();
    send({ type: "ack", seq: m.seq, unknownPaths });
  } catch (err) {
    send({ type: "error", seq: m.seq, message: (err as Error).message });
  }
});
// The bench gone means the run is over.
process.on("disconnect", () => process.exit(0));

void (async () => {
  for (let g = 0; g < 3; g++) ports[g] = await listen(g);
  send({ type: "ready", ports });
})();
