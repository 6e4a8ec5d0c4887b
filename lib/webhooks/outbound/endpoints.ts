// What an admin does with outbound endpoints: add, edit, enable or disable,
// rotate the secret, delete. Pages and actions call these and nothing else.
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { WebhookEndpointRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError, parseOrThrow } from "@/lib/domain/errors";
import { domainEventTypes, type DomainEventType } from "@/lib/domain/outbox/catalog";
import { appKeyring } from "@/lib/vault/app-keyring";
import { open } from "@/lib/vault";
import { deliveryConfig } from "./config";
import { insertEndpoint } from "./endpoint-store";
import { generateWebhookSecret, sealEndpointSecret } from "./secrets";
import { urlProblem } from "./transport";

const rateLimit = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? null : typeof v === "string" ? Number(v) : v),
  z
    .number({ error: "Enter a whole number of deliveries per second, or leave it empty for no limit" })
    .int("Enter a whole number of deliveries per second")
    .min(1, "At least 1 delivery per second (leave it empty for no limit)")
    .max(1000, "At most 1000 deliveries per second")
    .nullable(),
);

export const endpointInput = z.object({
  url: z.string().trim().min(1, "Enter the URL that should receive the webhooks").max(2000, "Keep the URL under 2000 characters").pipe(z.url("Enter a full URL, such as https://example.com/webhooks")),
  description: z.string().trim().max(500, "Keep the description under 500 characters").default(""),
  eventTypes: z
    .array(z.enum(domainEventTypes as [DomainEventType, ...DomainEventType[]], "Unknown event type"))
    .min(1, "Choose at least one event type")
    .transform((list) => [...new Set(list)]),
  rateLimitPerSecond: rateLimit.default(null),
});
export type EndpointInput = z.input<typeof endpointInput>;

function parseEndpoint(input: unknown) {
  const parsed = parseOrThrow(endpointInput, input);
  const problem = urlProblem(parsed.url);
  if (problem) throw new ValidationError({ url: [problem] });
  return parsed;
}

export async function createEndpoint(db: Db, orgId: string, input: unknown): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const e = parseEndpoint(input);
  return insertEndpoint(db, { orgId, source: "admin", url: e.url, description: e.description, eventTypes: e.eventTypes, rateLimitPerSecond: e.rateLimitPerSecond });
}

export async function updateEndpoint(db: Db, orgId: string, id: string, input: unknown): Promise<WebhookEndpointRow> {
  const e = parseEndpoint(input);
  const row = await db
    .updateTable("webhook_endpoints")
    .set({ url: e.url, description: e.description, event_types: e.eventTypes, rate_limit_per_second: e.rateLimitPerSecond, updated_at: new Date() })
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError("Endpoint");
  return row;
}

export async function listEndpoints(db: Db, orgId: string) {
  return db
    .selectFrom("webhook_endpoints as e")
    .selectAll("e")
    .select((eb) => [
      eb.selectFrom("webhook_messages as m").whereRef("m.endpoint_id", "=", "e.id").where("m.status", "=", "failed").select((x) => x.fn.countAll<string>().as("n")).as("failed_messages"),
    ])
    .where("e.org_id", "=", orgId)
    .orderBy("e.created_at", "desc")
    .execute();
}

export async function getEndpoint(db: Db, orgId: string, id: string): Promise<WebhookEndpointRow> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("Endpoint");
  const row = await db.selectFrom("webhook_endpoints").selectAll().where("id", "=", id).where("org_id", "=", orgId).executeTakeFirst();
  if (!row) throw new NotFoundError("Endpoint");
  return row;
}

/** Enough of the secret to recognise it (whsec_••••abcd), never enough to use it. */
export function secretHint(row: Pick<WebhookEndpointRow, "id" | "secret_sealed">): string {
  const secret = open(appKeyring(), row.secret_sealed, `webhook-endpoint:${row.id}`).plaintext;
  return `whsec_••••${secret.slice(-4)}`;
}

/** Re-enabling starts a fresh run: the failure streak and the reason are cleared. */
export async function setEndpointEnabled(db: Db, orgId: string, id: string, enabled: boolean): Promise<void> {
  const res = await db
    .updateTable("webhook_endpoints")
    .set(enabled ? { enabled: true, disabled_reason: null, failing_since: null, disabled_for_failures_at: null, updated_at: new Date() } : { enabled: false, disabled_reason: "Disabled by an admin", updated_at: new Date() })
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new NotFoundError("Endpoint");
}

/**
 * A new secret signs from now on; the old one keeps signing alongside it for
 * the overlap (24 h), so receivers can switch without dropping a message.
 * Rotating again within the overlap drops the oldest secret.
 */
export async function rotateEndpointSecret(db: Db, orgId: string, id: string): Promise<{ secret: string; previousExpiresAt: Date }> {
  const cfg = deliveryConfig();
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("webhook_endpoints").select(["id", "secret_sealed"]).where("id", "=", id).where("org_id", "=", orgId).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError("Endpoint");
    const secret = generateWebhookSecret();
    const previousExpiresAt = new Date(cfg.now().getTime() + cfg.rotationOverlapMs);
    await tx
      .updateTable("webhook_endpoints")
      .set({ secret_sealed: sealEndpointSecret(id, secret), previous_secret_sealed: row.secret_sealed, previous_secret_expires_at: previousExpiresAt, updated_at: new Date() })
      .where("id", "=", id)
      .execute();
    return { secret, previousExpiresAt };
  });
}

export async function deleteEndpoint(db: Db, orgId: string, id: string): Promise<void> {
  const res = await db.deleteFrom("webhook_endpoints").where("id", "=", id).where("org_id", "=", orgId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new NotFoundError("Endpoint");
}

export function assertEnabled(row: Pick<WebhookEndpointRow, "enabled">): void {
  if (!row.enabled) throw new ConflictError("This endpoint is disabled. Enable it first.");
}
