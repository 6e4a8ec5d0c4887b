// Receiving a provider callback: verify it with the provider's own method and
// the connection's own secret, store it once per receiving connection and
// provider event id (two organizations' accounts may send the same id), queue
// its processing in the same transaction, and answer at once. Nothing that fails
// verification is stored.
import type { Db } from "@/lib/db/client";
import { connectorContext } from "@/lib/integrations/connections/context";
import { appKeyring } from "@/lib/vault/app-keyring";
import { loadConnector } from "@/lib/integrations/registry";
import { enqueue } from "@/lib/queue/enqueue";
import { RateLimitedError } from "@/lib/rate-limit/errors";

/** Larger than any provider's event; a bigger body is refused before it is read whole. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Kept with every stored callback; each connector adds its own (its signature headers) in inbound.keptHeaders. */
const KEPT_HEADERS = ["content-type", "user-agent", "x-request-id"];

export type ReceiveResult =
  | { status: 200; stored: boolean; id: string }
  | { status: 400 | 404 | 413; error: string }
  | { status: 429; error: string; retryAfterSec: number };

export async function receiveWebhook(db: Db, input: { provider: string; connectionId: string | null; rawBody: string; headers: Headers; url?: string }): Promise<ReceiveResult> {
  const connector = await loadConnector(input.provider);
  if (!connector?.inbound) return { status: 404, error: `No callbacks are accepted for "${input.provider}"` };
  if (Buffer.byteLength(input.rawBody) > MAX_BODY_BYTES) return { status: 413, error: "Body too large" };
  if (!input.connectionId || !/^[0-9a-f-]{36}$/i.test(input.connectionId)) return { status: 400, error: "Missing or malformed connection parameter" };
  const row = await db.selectFrom("connections").selectAll().where("id", "=", input.connectionId).where("connector_id", "=", connector.id).executeTakeFirst();
  // Same answer as a bad signature: a caller learns nothing about which connections exist.
  if (!row?.credentials_sealed) return { status: 400, error: "Signature verification failed" };

  let verified;
  try {
    const ctx = await connectorContext(db, appKeyring(), connector, row);
    verified = await connector.inbound.verify({ rawBody: input.rawBody, headers: input.headers, url: input.url }, ctx);
  } catch (err) {
    if (err instanceof RateLimitedError) return { status: 429, error: err.message, retryAfterSec: err.retryAfterSec };
    return { status: 400, error: "Signature verification failed" };
  }

  const headers: Record<string, string> = {};
  for (const h of [...KEPT_HEADERS, ...connector.inbound.keptHeaders]) {
    const v = input.headers.get(h);
    if (v) headers[h] = v;
  }
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto("webhook_events")
      .values({
        provider: connector.id,
        external_id: verified.externalId,
        org_id: row.org_id,
        connection_id: row.id,
        type: verified.type,
        payload: JSON.stringify(verified.payload),
        headers: JSON.stringify(headers),
      })
      .onConflict((oc) => oc.columns(["connection_id", "external_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) {
      const existing = await tx.selectFrom("webhook_events").select("id").where("connection_id", "=", row.id).where("external_id", "=", verified.externalId).executeTakeFirstOrThrow();
      return { status: 200 as const, stored: false, id: existing.id };
    }
    await enqueue(tx, "process_webhook_event", { id: inserted.id }, { jobKey: "webhook:" + inserted.id });
    return { status: 200 as const, stored: true, id: inserted.id };
  });
}
