// Idempotent writes for API clients (Stripe's Idempotency-Key semantics).
// The (api key, Idempotency-Key) row is taken before the work, so of two
// concurrent repeats only one does it; the other is told to wait (409). When the
// work answers, its status and JSON body are stored and every later repeat with
// the same request answers them again. A 5xx or a thrown error frees the key so
// the client can retry, and so does a 429; another 4xx is an answer like any other and is stored.
// A request that crashed without freeing its key would leave it "in progress"
// forever: a key held longer than IDEMPOTENCY_LOCK_TIMEOUT_MS is taken over by
// the next repeat of the same request, and the request that lost it can no
// longer store its answer or free the key (each holder has its own lock_id).
import { createHash, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import type { ApiContext } from "@/lib/http/api-auth";
import { log } from "@/lib/log";
import { idempotencyLockTimeoutMs } from "./idempotency-retention";

const HEADER = "idempotency-key";
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

export function requestHash(method: string, path: string, rawBody: string): string {
  return createHash("sha256").update(`${method.toUpperCase()}\n${path}\n${rawBody}`).digest("hex");
}

function problem(status: number, error: string, message: string): Response {
  return NextResponse.json({ error, message }, { status });
}

/** Runs `work` once per (api key, Idempotency-Key header); a repeat with the same body answers the stored response (status + JSON) with header Idempotent-Replayed: true; the same key with a different body → 422; a repeat while the first is still running → 409. Without the header, just runs work. */
export async function idempotent(req: Request, api: ApiContext, rawBody: string, work: () => Promise<Response>): Promise<Response> {
  return run(req, api, rawBody, work, 0);
}

async function run(req: Request, api: ApiContext, rawBody: string, work: () => Promise<Response>, round: number): Promise<Response> {
  const header = req.headers.get(HEADER);
  if (header === null) return work();
  const key = header.trim();
  if (key.length < 1 || key.length > 255) {
    return problem(400, "invalid_idempotency_key", "The Idempotency-Key header must be 1 to 255 characters.");
  }
  const hash = requestHash(req.method, new URL(req.url).pathname, rawBody);
  const conn = db();
  const lockId = randomUUID();

  const taken =
    (await conn
      .insertInto("api_idempotency_keys")
      .values({ api_key_id: api.apiKeyId, idempotency_key: key, org_id: api.orgId, request_hash: hash, lock_id: lockId })
      .onConflict((oc) => oc.columns(["api_key_id", "idempotency_key"]).doNothing())
      .returning("idempotency_key")
      .executeTakeFirst()) ??
    // The same request, never answered, held past the bound: its holder crashed. One repeat takes it over.
    (await conn
      .updateTable("api_idempotency_keys")
      .set({ lock_id: lockId, locked_at: sql`now()` })
      .where("api_key_id", "=", api.apiKeyId)
      .where("idempotency_key", "=", key)
      .where("request_hash", "=", hash)
      .where("response_status", "is", null)
      .where(sql<boolean>`locked_at < now() - make_interval(secs => ${idempotencyLockTimeoutMs() / 1000})`)
      .returning("idempotency_key")
      .executeTakeFirst());

  if (!taken) {
    const prior = await conn
      .selectFrom("api_idempotency_keys")
      .select(["request_hash", "response_status", "response_body"])
      .where("api_key_id", "=", api.apiKeyId)
      .where("idempotency_key", "=", key)
      .executeTakeFirst();
    if (!prior) {
      // Freed between our insert and select (the first attempt failed): take it again.
      if (round < 3) return run(req, api, rawBody, work, round + 1);
      return problem(409, "idempotency_in_progress", "A request with this Idempotency-Key is still being processed. Retry shortly.");
    }
    if (prior.request_hash !== hash) {
      return problem(
        422,
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
      );
    }
    if (prior.response_status === null) {
      return NextResponse.json(
        { error: "idempotency_in_progress", message: "A request with this Idempotency-Key is still being processed. Retry shortly." },
        { status: 409, headers: { "Retry-After": "1" } },
      );
    }
    if (NULL_BODY_STATUSES.has(prior.response_status)) {
      return new Response(null, { status: prior.response_status, headers: { "Idempotent-Replayed": "true" } });
    }
    return NextResponse.json(prior.response_body ?? null, {
      status: prior.response_status,
      headers: { "Idempotent-Replayed": "true" },
    });
  }

  const release = () =>
    conn
      .deleteFrom("api_idempotency_keys")
      .where("api_key_id", "=", api.apiKeyId)
      .where("idempotency_key", "=", key)
      .where("lock_id", "=", lockId)
      .execute()
      .catch((err) => log.error({ err }, "could not release idempotency key"));

  let res: Response;
  try {
    res = await work();
  } catch (err) {
    await release();
    throw err;
  }
  // A failure on our side or a used-up rate limit is not an answer to keep: the client retries with the same key.
  if (res.status >= 500 || res.status === 429) {
    await release();
    return res;
  }
  const text = await res.clone().text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { raw: text };
  }
  try {
    await conn
      .updateTable("api_idempotency_keys")
      .set({ response_status: res.status, response_body: JSON.stringify(body) })
      .where("api_key_id", "=", api.apiKeyId)
      .where("idempotency_key", "=", key)
      // Taken over meanwhile: the request that took it stores its own answer.
      .where("lock_id", "=", lockId)
      .execute();
  } catch (err) {
    log.error({ err }, "could not store idempotent response");
    await release();
  }
  return res;
}
