// Creating an endpoint row with its sealed secret: shared by the settings page
// (admin endpoints) and Zapier's REST-hook subscribe (zapier endpoints). The
// plaintext secret is returned once, for the caller to show, and never again.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { WebhookEndpointRow, WebhookEndpointSource } from "@/lib/db/schema";
import { generateWebhookSecret, sealEndpointSecret } from "./secrets";
import { initialPayloadVersions } from "./payload-versions";

export interface NewEndpoint {
  orgId: string;
  url: string;
  description?: string;
  eventTypes: string[];
  source: WebhookEndpointSource;
  apiKeyId?: string | null;
  rateLimitPerSecond?: number | null;
}

export async function insertEndpoint(db: Db, e: NewEndpoint): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const endpoint = await db
    .insertInto("webhook_endpoints")
    .values({
      id,
      org_id: e.orgId,
      url: e.url,
      description: e.description ?? "",
      event_types: e.eventTypes,
      source: e.source,
      api_key_id: e.apiKeyId ?? null,
      secret_sealed: sealEndpointSecret(id, secret),
      rate_limit_per_second: e.rateLimitPerSecond ?? null,
      payload_versions: JSON.stringify(initialPayloadVersions(e.source)),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { endpoint, secret };
}
