// Zapier REST hooks: a subscription is a webhook_endpoints row with
// source='zapier', made with the API key Zapier holds. The outbound delivery
// engine sends it every matching fact like any other endpoint, and deletes it
// when Zapier answers 410 Gone (the Zap was turned off without unsubscribing).
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import type { ApiContext } from "@/lib/http/api-auth";
import { endpointUrlProblem, outboundPolicyFromEnv } from "@/lib/net/post";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { parseZapier } from "./responses";
import { ZAPIER_EVENTS, ZAPIER_TRIGGERS } from "./triggers";

export const subscribeInput = z.object({
  target_url: z.string({ error: "Send target_url: the URL Zapier gave for this Zap" }).trim().min(1, "Send target_url: the URL Zapier gave for this Zap"),
  event: z.enum(ZAPIER_EVENTS, { error: `event must be one of: ${ZAPIER_EVENTS.join(", ")}` }),
});

export async function subscribe(db: Db, api: ApiContext, input: unknown): Promise<{ id: string; event: string; target_url: string }> {
  const v = parseZapier(subscribeInput, input);
  const problem = endpointUrlProblem(v.target_url, outboundPolicyFromEnv());
  if (problem) throw new ValidationError({ target_url: [problem] });
  const trigger = ZAPIER_TRIGGERS.find((t) => t.event === v.event)!;
  const { endpoint } = await insertEndpoint(db, {
    orgId: api.orgId,
    url: v.target_url,
    description: `Zapier: ${trigger.label}`,
    eventTypes: [v.event],
    source: "zapier",
    apiKeyId: api.apiKeyId,
  });
  return { id: endpoint.id, event: v.event, target_url: endpoint.url };
}

/** Deletes one of the organization's Zapier subscriptions; another organization's id, or an admin endpoint's, is not found. */
export async function unsubscribe(db: Db, api: ApiContext, id: string): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("Subscription");
  const res = await db
    .deleteFrom("webhook_endpoints")
    .where("id", "=", id)
    .where("org_id", "=", api.orgId)
    .where("source", "=", "zapier")
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new NotFoundError("Subscription");
}

/** When a key is revoked its subscriptions go too: Zapier can no longer manage them, so nothing should keep receiving through them. */
export async function removeHooksOfKey(db: Db, orgId: string, apiKeyId: string): Promise<number> {
  const res = await db
    .deleteFrom("webhook_endpoints")
    .where("org_id", "=", orgId)
    .where("api_key_id", "=", apiKeyId)
    .where("source", "=", "zapier")
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
