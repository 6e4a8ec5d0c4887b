// PayPal: attendees pay with their PayPal account through PayPal Checkout (Orders v2)
// with the organization's own REST app; PayPal's verified webhooks confirm captures,
// refunds and disputes.
import { z } from "zod";
import { ConflictError } from "@/lib/domain/errors";
import { defineConnector, ProviderCallError } from "../contract";
import { paypalCredentials, type PayPalCredentials } from "./credentials";
import { classifyPayPalError } from "./errors";
import { paypalGateway } from "./gateway";
import { processPayPalEvent } from "./process";
import { accessToken } from "./token";
import { ensureWebhook, verifyCallback } from "./webhooks";

const settingsSchema = z.object({});
type Settings = z.infer<typeof settingsSchema>;

export const paypalConnector = defineConnector<PayPalCredentials, Settings>({
  id: "paypal",
  name: "PayPal",
  category: "payments",
  description: "Sell paid tickets through PayPal Checkout; captures, refunds and disputes are confirmed by PayPal's verified webhooks.",
  logo: "/logos/paypal.svg",
  auth: "api_key",
  baseUrls: { live: "https://api-m.paypal.com/", sandboxPath: "/paypal/" },
  credentialsSchema: paypalCredentials,
  credentialFields: [
    { name: "clientId", label: "Client ID", type: "text", placeholder: "AYSq3RDGsmBLJE-otTkBtM-jBRd1TCQwFf9RGfwddNXWz0uFU9ztymylOhRS", help: "PayPal Developer Dashboard → Apps & Credentials → your REST app (Live tab for live mode)." },
    { name: "clientSecret", label: "Secret", type: "secret", placeholder: "EGnHDxD_qRPdaLdZz8iCr8N7_MzF-YHPTkjs6NKYQvQSBngp4PTTVWkPZRbL", help: "Shown under the app's Secret key. Switchboard creates the webhook in this app itself." },
  ],
  settingsSchema,
  settingsFields: [],
  rateLimit: { capacity: 25, refillPerSecond: 25 },
  classifyError: classifyPayPalError,
  async testConnection(ctx) {
    // A new token, not a cached one: the point is to prove the credentials now.
    const token = await accessToken(ctx, { fresh: true });
    const mode = ctx.connection.mode === "live" ? "Live mode" : "Sandbox mode";
    const app = token.appId ?? "PayPal app";
    const hours = Math.round(token.expiresInSeconds / 3600);
    return { account: { id: token.appId ?? "", name: `PayPal app ${app}` }, detail: `${mode}: connected to PayPal app ${app} (access tokens last ${hours} hours).` };
  },
  async afterConnect(ctx, { webhookUrl }) {
    try {
      return { webhookId: await ensureWebhook(ctx, webhookUrl) };
    } catch (err) {
      // A refused URL is not a refused secret: say what PayPal objected to.
      if (err instanceof ProviderCallError && err.failure.kind === "invalid") {
        throw new ConflictError(`PayPal refused the webhook ${webhookUrl} (${err.failure.message}). In live mode PayPal calls back only a public https URL: check APP_URL. Nothing was saved.`);
      }
      throw err;
    }
  },
  payments: paypalGateway,
  inbound: {
    verify: verifyCallback,
    process: processPayPalEvent,
    keptHeaders: ["paypal-transmission-id", "paypal-transmission-time", "paypal-transmission-sig", "paypal-cert-url", "paypal-auth-algo"],
  },
  handlers: {},
});
