// What an admin pastes from PayPal's Developer Dashboard (Apps & Credentials), and
// the webhook id Switchboard stores beside it once it has created the webhook.
import { z } from "zod";

/** PayPal's client ids and secrets are 80 characters of letters, digits, - and _; the sandbox takes any from 16. */
const CREDENTIAL = /^[A-Za-z0-9_-]{16,128}$/;

export const paypalCredentials = z
  .object({
    clientId: z
      .string()
      .trim()
      .regex(CREDENTIAL, "A PayPal client ID is a long string of letters, digits, - and _; copy it from Apps & Credentials in PayPal's Developer Dashboard"),
    clientSecret: z
      .string()
      .trim()
      .regex(CREDENTIAL, "A PayPal secret is a long string of letters, digits, - and _; click Show under the app's Secret key to copy it"),
  })
  .refine((c) => c.clientId !== c.clientSecret, { path: ["clientSecret"], message: "This is the client ID again; paste the app's secret here" });

export type PayPalCredentials = z.infer<typeof paypalCredentials> & {
  /** Set by afterConnect: the webhook PayPal calls us back through, which verify-webhook-signature needs. */
  webhookId?: string;
};
