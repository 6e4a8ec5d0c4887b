// Receiving a provider callback: verify it with the provider's own method and
// the connection's own secret, store it once per receiving connection and
// provider event id (two organizations' accounts may send the same id), queue
// its processing in the same transaction, and answer at once. Nothing that fails
// verification is stored.
import type { Db } from "@/lib/db/client";
import type { ConnectionRow } from "@/lib/db/schema";
import type { Connector, ConnectorContext } from "@/lib/integrations/contract";
import type { InboundAnswer, VerifiedCallback } from "@/lib/integrations/contract/inbound";
import { log } from "@/lib/log";
import { countCallback, type CallbackResult } from "@/lib/metrics/callbacks";
import { connectorContext } from "@/lib/integrations/connections/context";
import { appKeyring } from "@/lib/vault/app-keyring";
import { loadConnector } from "@/lib/integrations/registry";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import { RateLimitedError } from "@/lib/rate-limit/errors";

/** Larger than any provider's event; a bigger body is refused before it is read whole. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Kept with every stored callback; each connector adds its own (its signature headers) in inbound.keptHeaders. */
const KEPT_HEADERS = ["content-type", "user-agent", "x-request-id"];

export type ReceiveResult =
  /** `answer`: what the connector asked the route to answer instead of its default (a handshake has no stored row: id null). */
  | { status: 200; stored: boolean; id: string | null; answer?: InboundAnswer }
  | { status: 400 | 404 | 413; error: string }
  | { status: 429; error: string; retryAfterSec: number };

const REFUSED = { status: 400 as const, error: "Signature verification failed" };

/**
 * The connections a callback may be for: the one named in the URL or, for a provider
 * that calls one URL for every account, the connections (not disconnected) linked to
 * the account it names: at most one per mode, and its signature tells which.
 */
async function candidateConnections(db: Db, connector: Connector, inbound: NonNullable<Connector["inbound"]>, input: ReceiveInput): Promise<ConnectionRow[] | ReceiveResult> {
  if (input.connectionId) {
    if (!/^[0-9a-f-]{36}$/i.test(input.connectionId)) return { status: 400, error: "Missing or malformed connection parameter" };
    const row = await db.selectFrom("connections").selectAll().where("id", "=", input.connectionId).where("connector_id", "=", connector.id).executeTakeFirst();
    return row ? [row] : [];
  }
  if (!inbound.connectionFor) return { status: 400, error: "Missing or malformed connection parameter" };
  let account: string | undefined;
  try {
    account = inbound.connectionFor({ rawBody: input.rawBody, headers: input.headers, url: input.url });
  } catch {
    // An unreadable body names no account; it is refused like a bad signature.
  }
  if (!account) return [];
  return db
    .selectFrom("connections")
    .selectAll()
    .where("connector_id", "=", connector.id)
    .where("external_account_id", "=", account)
    .where("status", "<>", "disconnected")
    .orderBy("mode")
    .execute();
}

interface ReceiveInput {
  provider: string;
  connectionId: string | null;
  rawBody: string;
  headers: Headers;
  url?: string;
}

export async function receiveWebhook(db: Db, input: ReceiveInput): Promise<ReceiveResult> {
  const result = await receive(db, input);
  // Only a 404 means no connector has this name; every other answer comes from a known provider.
  countCallback(result.status === 404 ? null : input.provider, callbackResult(result));
  return result;
}

function callbackResult(r: ReceiveResult): CallbackResult {
  if (r.status === 200) return r.id === null ? "handshake" : r.stored ? "stored" : "duplicate";
  return ({ 400: "refused", 404: "unknown_provider", 413: "too_large", 429: "rate_limited" } as const)[r.status];
}

async function receive(db: Db, input: ReceiveInput): Promise<ReceiveResult> {
  const connector = await loadConnector(input.provider);
  const inbound = connector?.inbound;
  if (!connector || !inbound) return { status: 404, error: `No callbacks are accepted for "${input.provider}"` };
  if (Buffer.byteLength(input.rawBody) > MAX_BODY_BYTES) return { status: 413, error: "Body too large" };
  const req = { rawBody: input.rawBody, headers: input.headers, url: input.url };
  if (inbound.handshake) {
    try {
      const answer = await inbound.handshake(req);
      if (answer) return { status: 200, stored: false, id: null, answer };
    } catch {
      return REFUSED;
    }
  }
  const candidates = await candidateConnections(db, connector, inbound, input);
  if (!Array.isArray(candidates)) return candidates;

  // Same answer as a bad signature for an unknown connection: a caller learns nothing about which connections exist.
  let verified: VerifiedCallback | undefined;
  let row: ConnectionRow | undefined;
  let ctx: ConnectorContext | undefined;
  for (const candidate of candidates) {
    if (!candidate.credentials_sealed) continue;
    try {
      ctx = await connectorContext(db, appKeyring(), connector, candidate);
      verified = await inbound.verify(req, ctx);
      row = candidate;
      break;
    } catch (err) {
      if (err instanceof RateLimitedError) return { status: 429, error: err.message, retryAfterSec: err.retryAfterSec };
    }
  }
  if (!verified || !row || !ctx) return REFUSED;
  const receiving = row;
  const callback = verified;

  const headers: Record<string, string> = {};
  for (const h of [...KEPT_HEADERS, ...inbound.keptHeaders]) {
    const v = input.headers.get(h);
    if (v) headers[h] = v;
  }
  const receipt = await db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto("webhook_events")
      .values({
        provider: connector.id,
        external_id: callback.externalId,
        org_id: receiving.org_id,
        connection_id: receiving.id,
        type: callback.type,
        payload: JSON.stringify(callback.payload),
        headers: JSON.stringify(headers),
      })
      .onConflict((oc) => oc.columns(["connection_id", "external_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) {
      const existing = await tx.selectFrom("webhook_events").select("id").where("connection_id", "=", receiving.id).where("external_id", "=", callback.externalId).executeTakeFirstOrThrow();
      return { status: 200 as const, stored: false, id: existing.id };
    }
    await enqueue(tx, "process_webhook_event", { id: inserted.id }, { jobKey: jobKeys.inboundCallback.of(inserted.id) });
    return { status: 200 as const, stored: true, id: inserted.id };
  });
  if (!inbound.respond) return receipt;
  try {
    const answer = await inbound.respond(callback, ctx, { stored: receipt.stored });
    return answer ? { ...receipt, answer } : receipt;
  } catch (err) {
    // Stored and queued already: the provider gets the plain acknowledgement, nothing is lost.
    log.warn({ provider: connector.id, err: (err as Error).message }, "answering a callback failed; acknowledged it plainly");
    return receipt;
  }
}
