// The one HTTP client outbound deliveries (organizations' webhook endpoints, Zapier
// targets) go through. The address checks live in policy.ts and lookup.ts; this
// file sends one POST with a hard deadline and a bounded body, and follows nothing:
// a 3xx comes back as a response, because a redirect is a second destination that
// nobody checked (and the caller records it as a failure).
import http from "node:http";
import https from "node:https";
import { OutboundNetworkError, OutboundRefused, OutboundTimeout } from "./errors";
import { guardedLookup, systemResolver } from "./lookup";
import { checkTarget, outboundPolicyFromEnv, type OutboundPolicy } from "./policy";

export { OutboundNetworkError, OutboundRefused, OutboundTimeout, type RefusalReason } from "./errors";
export { endpointUrlProblem, outboundPolicyFromEnv, type OutboundPolicy, type ResolvedAddress, type Resolver } from "./policy";

export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** bytes of the response body kept; the rest is read and dropped or the socket closed */
  maxResponseBytes: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
}

const USER_AGENT = "Switchboard-Webhooks/1.0";
// The transport decides these; cookies are never ours to send to a third party.
const DROPPED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "expect", "te", "cookie"]);

export async function postOutbound(req: OutboundRequest, policy: OutboundPolicy = outboundPolicyFromEnv()): Promise<OutboundResponse> {
  if (!(req.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${req.timeoutMs}`);
  if (!(req.maxResponseBytes >= 0)) throw new RangeError(`maxResponseBytes must be zero or more, got ${req.maxResponseBytes}`);
  const { url, hostname, allowListed } = checkTarget(req.url, policy);
  const started = performance.now();

  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    let response: http.IncomingMessage | undefined;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      // No pooling (agent: false), so closing the socket is all the clean-up there is,
      // and it is what stops a receiver that keeps streaming.
      response?.destroy();
      request.destroy();
    };
    const fail = (err: unknown) => settle(() => reject(toOutboundError(err, hostname)));

    const request = (url.protocol === "https:" ? https : http).request({
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: "POST",
      headers: outgoingHeaders(req.headers, req.body),
      // A fresh connection per delivery: a pooled socket would skip the lookup, and
      // with it the check of the address this delivery's name resolves to now.
      agent: false,
      lookup: allowListed ? undefined : guardedLookup(policy.resolve ?? systemResolver),
    });
    const timer = setTimeout(() => fail(new OutboundTimeout(`No answer from ${hostname} within ${req.timeoutMs} ms`)), req.timeoutMs);

    // Listeners stay attached after settling: destroying a live socket still emits errors.
    request.on("error", fail);
    request.on("response", (res) => {
      response = res;
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = () =>
        settle(() =>
          resolve({
            status: res.statusCode ?? 0,
            headers: flattenHeaders(res.headers),
            body: new TextDecoder("utf-8").decode(Buffer.concat(chunks)),
            durationMs: Math.round(performance.now() - started),
          }),
        );
      res.on("error", fail);
      res.on("end", done);
      res.on("close", () => fail(new OutboundNetworkError(`${hostname} closed the connection before the response was complete`)));
      res.on("data", (chunk: Buffer) => {
        const room = req.maxResponseBytes - kept;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        kept += Math.min(chunk.length, room);
        if (kept >= req.maxResponseBytes) done();
      });
      if (req.maxResponseBytes === 0) done();
    });
    request.end(req.body);
  });
}

function outgoingHeaders(given: Record<string, string>, body: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (!DROPPED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === "user-agent")) headers["user-agent"] = USER_AGENT;
  headers["content-length"] = String(Buffer.byteLength(body));
  return headers;
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function toOutboundError(err: unknown, hostname: string): Error {
  if (err instanceof OutboundRefused || err instanceof OutboundTimeout || err instanceof OutboundNetworkError) return err;
  const e = err as NodeJS.ErrnoException & { errors?: unknown[] };
  // Happy eyeballs reports every failed address in an AggregateError with an empty message.
  const detail = e?.message || (e?.errors ?? []).map((x) => (x as Error)?.message).filter(Boolean).join("; ") || e?.code || "unknown error";
  return new OutboundNetworkError(`Could not reach ${hostname}: ${detail}`, { code: e?.code, cause: err });
}
