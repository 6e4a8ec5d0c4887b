// PayPal: attendees pay with their PayPal account through PayPal Checkout (Orders v2)
// with the organization's own REST app; PayPal's verified webhooks confirm captures,
// refunds and disputes.
import { ConflictError } from "@/lib/domain/errors";
import { defineConnector, ProviderCallError } from "../contract";
import { classifyPayPalError } from "./errors";
import { paypalGateway } from "./gateway";
import { processPayPalEvent } from "./process";
import { accessToken } from "./token";
import { manifest } from "./manifest";
import { ensureWebhook, verifyCallback } from "./webhooks";

export const connector = defineConnector(manifest, {
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
