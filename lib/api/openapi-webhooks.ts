// The outbound webhook catalog as the OpenAPI 3.1 `webhooks` section: one entry
// per event type we send, its body's JSON Schema and example taken from
// eventTypeCatalog() (itself generated from the outbox's zod schemas), so the
// published contract is the one the delivery engine signs and sends.
import { eventTypeCatalog, type CatalogEntry } from "@/lib/webhooks/outbound/catalog";

type JsonSchema = Record<string, unknown>;

const header = (name: string, description: string, example: string) => ({ name, in: "header", required: true, description, schema: { type: "string" }, example });

/** Standard Webhooks headers, as lib/webhooks/outbound/sign.ts sets them. */
const signatureHeaders = [
  header("webhook-id", "The message id, the same on every retry: deduplicate on it.", "msg_2b7c9e418d3f4a569b1e0c4d7f6a2e91"),
  header("webhook-timestamp", "Unix seconds of this attempt; refuse one far from your clock.", "1906441200"),
  header(
    "webhook-signature",
    "v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed with the endpoint's whsec_ secret; during a rotation two space-separated signatures, either of which verifies.",
    "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
  ),
];

/** event.created → EventCreatedWebhook; webhook.test → WebhookTestWebhook. */
export function webhookComponentName(type: string): string {
  return type.split(/[._]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("") + "Webhook";
}

function versionNote(entry: CatalogEntry): string {
  if (entry.version === null) return "";
  const earlier = entry.earlier.map((e) => ` Version ${e.version}, still sent to endpoints pinned to it: ${e.changes}`).join("");
  return ` Payload version ${entry.version}.${earlier}`;
}

/** The `webhooks` object and the component schemas its bodies refer to. */
export function webhookDefinitions(): { webhooks: Record<string, JsonSchema>; schemas: Record<string, JsonSchema> } {
  const webhooks: Record<string, JsonSchema> = {};
  const schemas: Record<string, JsonSchema> = {};
  for (const entry of eventTypeCatalog()) {
    const name = webhookComponentName(entry.type);
    const { $schema: _dialect, ...schema } = entry.schema as JsonSchema;
    schemas[name] = { ...schema, description: `The body of a ${entry.type} delivery.` };
    webhooks[entry.type] = {
      post: {
        operationId: name.charAt(0).toLowerCase() + name.slice(1),
        summary: entry.description,
        description:
          `Posted to every enabled endpoint subscribed to ${entry.type}, signed per Standard Webhooks.${versionNote(entry)} ` +
          "Answer any 2xx within 15 seconds; anything else is retried on the schedule in the README (Webhooks).",
        tags: ["Webhooks"],
        parameters: signatureHeaders,
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` }, example: entry.example } },
        },
        responses: { "2XX": { description: "Received. Deduplicate on webhook-id: a message may rarely arrive twice." } },
      },
    };
  }
  return { webhooks, schemas };
}
