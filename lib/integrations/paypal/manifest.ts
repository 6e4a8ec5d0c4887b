// PayPal as data: what the catalog shows, what an admin pastes from PayPal's
// Developer Dashboard (Apps & Credentials), and the webhook id Switchboard stores
// beside it once it has created the webhook.
import { z } from "zod";
import { defineManifest, type ConnectorContext } from "../contract";

/** PayPal's client ids and secrets are 80 characters of letters, digits, - and _; the sandbox takes any from 16. */
const CREDENTIAL = /^[A-Za-z0-9_-]{16,128}$/;

export const paypalCredentials = z
  .object({
    clientId: z
      .string()
      .trim()
      .regex(CREDENTIAL, "A PayPal client ID is a long string of letters, digits, - and _; copy it from Apps & Credentials in PayPal's Developer Dashboard")
      .meta({
        label: "Client ID",
        placeholder: "AYSq3RDGsmBLJE-otTkBtM-jBRd1TCQwFf9RGfwddNXWz0uFU9ztymylOhRS",
        help: "PayPal Developer Dashboard → Apps & Credentials → your REST app (Live tab for live mode).",
      }),
    clientSecret: z
      .string()
      .trim()
      .regex(CREDENTIAL, "A PayPal secret is a long string of letters, digits, - and _; click Show under the app's Secret key to copy it")
      .meta({
        label: "Secret",
        input: "secret",
        placeholder: "EGnHDxD_qRPdaLdZz8iCr8N7_MzF-YHPTkjs6NKYQvQSBngp4PTTVWkPZRbL",
        help: "Shown under the app's Secret key. Switchboard creates the webhook in this app itself.",
      }),
  })
  .refine((c) => c.clientId !== c.clientSecret, { path: ["clientSecret"], message: "This is the client ID again; paste the app's secret here" });

export type PayPalCredentials = z.infer<typeof paypalCredentials> & {
  /** Set by afterConnect: the webhook PayPal calls us back through, which verify-webhook-signature needs. */
  webhookId?: string;
};

const paypalSettings = z.object({});
export type PayPalSettings = z.infer<typeof paypalSettings>;
export type PayPalContext = ConnectorContext<PayPalCredentials, PayPalSettings>;

export const manifest = defineManifest<PayPalCredentials, PayPalSettings>({
  id: "paypal",
  name: "PayPal",
  category: "payments",
  description: "Sell paid tickets through PayPal Checkout; captures, refunds and disputes are confirmed by PayPal's verified webhooks.",
  auth: "api_key",
  baseUrls: { live: "https://api-m.paypal.com/", sandboxPath: "/paypal/" },
  credentialsSchema: paypalCredentials,
  settingsSchema: paypalSettings,
  rateLimit: { capacity: 25, refillPerSecond: 25 },
});
