// Payrexx: attendees pay on Payrexx's hosted page (TWINT, cards and whatever else
// the organization's instance offers) with the organization's own instance;
// Payrexx's webhook says something changed, its API says what.
import { defineConnector } from "../contract";
import { signatureCheck } from "./client";
import { classifyPayrexxError } from "./errors";
import { payrexxGateway } from "./gateway";
import { manifest, type PayrexxContext } from "./manifest";
import { processPayrexxCallback } from "./process";
import { registerSandboxWebhook } from "./sandbox-webhook";
import { payrexxWebhookUrl, verifyPayrexxWebhook, webhookToken } from "./webhook";

function connectedDetail(ctx: PayrexxContext): string {
  const host = `${ctx.credentials.instance}.payrexx.com`;
  const url = payrexxWebhookUrl(ctx.connection.id, ctx.credentials);
  if (ctx.connection.mode === "sandbox") return `Sandbox: connected to ${host}. Switchboard sets the sandbox's webhook URL itself when connecting: ${url}`;
  return (
    `Connected to ${host}. Now, in your Payrexx admin under Webhooks, set the webhook URL to ${url} ` +
    "with content type JSON and retries switched on: Switchboard learns of payments and refunds only through it."
  );
}

export const connector = defineConnector(manifest, {
  classifyError: classifyPayrexxError,
  async testConnection(ctx) {
    await signatureCheck(ctx);
    return { account: { id: ctx.credentials.instance, name: `${ctx.credentials.instance}.payrexx.com` }, detail: connectedDetail(ctx) };
  },
  async afterConnect(ctx, { webhookUrl }) {
    await registerSandboxWebhook(ctx, `${webhookUrl}&token=${webhookToken(ctx.credentials.apiSecret, ctx.connection.id)}`);
  },
  payments: payrexxGateway,
  inbound: { verify: verifyPayrexxWebhook, process: processPayrexxCallback, keptHeaders: [] },
  handlers: {},
});
