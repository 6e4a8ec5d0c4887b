// Endpoint signing secrets: Standard Webhooks' whsec_<base64> form, sealed by the
// vault with the endpoint id as associated data (a sealed secret copied onto
// another endpoint does not open).
import { randomBytes } from "node:crypto";
import type { WebhookEndpointRow } from "@/lib/db/schema";
import { appKeyring } from "@/lib/vault/app-keyring";
import { open, seal, type Keyring } from "@/lib/vault";

export function generateWebhookSecret(): string {
  // 24 random bytes, as Svix issues them.
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export function sealEndpointSecret(endpointId: string, secret: string, keyring: Keyring = appKeyring()): string {
  return seal(keyring, secret, `webhook-endpoint:${endpointId}`);
}

/** The secrets that sign a message now: the current one, and the previous one while its rotation overlap lasts. */
export function signingSecrets(row: Pick<WebhookEndpointRow, "id" | "secret_sealed" | "previous_secret_sealed" | "previous_secret_expires_at">, now = new Date(), keyring: Keyring = appKeyring()): string[] {
  const aad = `webhook-endpoint:${row.id}`;
  const secrets = [open(keyring, row.secret_sealed, aad).plaintext];
  if (row.previous_secret_sealed && row.previous_secret_expires_at && row.previous_secret_expires_at > now) {
    secrets.push(open(keyring, row.previous_secret_sealed, aad).plaintext);
  }
  return secrets;
}
