// Payrexx: attendees pay on Payrexx's hosted page (TWINT, cards and whatever else
// the organization's instance offers) with the organization's own instance;
// Payrexx's webhook says something changed, its API says what.
import { defineConnector } from "../contract";
import { signatureCheck } from "./client";
import { payrexxSettings, type PayrexxContext, type PayrexxSettings } from "./context";
import { payrexxCredentials, type PayrexxCredentials } from "./credentials";
import { classifyPayrexxError } from "./errors";
import { payrexxGateway } from "./gateway";
import { processPayrexxCallback } from "./process";
import { registerSandboxWebhook } from "./sandbox-webhook";
import { payrexxWebhookUrl, verifyPayrexxWebhook, webhookToken } from "./webhook";

export type { PayrexxContext };

function connectedDetail(ctx: PayrexxContext): string {
  const host = `${ctx.credentials.instance}.payrexx.com`;
  const url = payrexxWebhookUrl(ctx.connection.id, ctx.credentials);
  if (ctx.connection.mode === "sandbox") return `Sandbox: connected to ${host}. Switchboard sets the sandbox's webhook URL itself when connecting: ${url}`;
  return (
    `Connected to ${host}. Now, in your Payrexx admin under Webhooks, set the webhook URL to ${url} ` +
    "with content type JSON and retries switched on: Switchboard learns of payments and refunds only through it."
  );
}

export const payrexxConnector = defineConnector<PayrexxCredentials, PayrexxSettings>({
  id: "payrexx",
  name: "Payrexx",
  category: "payments",
  description: "Sell paid tickets through Payrexx's payment page (TWINT, cards and the other means your instance offers); each payment and refund is confirmed with Payrexx's API.",
  logo: "/logos/payrexx.svg",
  auth: "api_key",
  baseUrls: { live: "https://api.payrexx.com/", sandboxPath: "/payrexx/" },
  credentialsSchema: payrexxCredentials,
  credentialFields: [
    { name: "instance", label: "Instance name", type: "text", placeholder: "example", help: "The name in your Payrexx address: for example.payrexx.com it is example. In the sandbox: switchboard-demo." },
    {
      name: "apiSecret",
      label: "API secret",
      type: "secret",
      help: "Payrexx admin → API. Requests are signed with it; the secret itself is never sent. In the sandbox: payrexx-sandbox-secret-fake. Connecting again with a new secret changes the webhook URL.",
    },
  ],
  settingsSchema: payrexxSettings,
  settingsFields: [],
  classifyError: classifyPayrexxError,
  async testConnection(ctx) {
    await signatureCheck(ctx);
    return { account: { id: ctx.credentials.instance, name: `${ctx.credentials.instance}.payrexx.com` }, detail: connectedDetail(ctx) };
  },
  async afterConnect(ctx, { webhookUrl }) {
    await registerSandboxWebhook(ctx, `${webhookUrl}&token=${webhookToken(ctx.credentials.apiSecret, ctx.connection.id)}`);
  },
  payments: payrexxGateway,
  // Payrexx signs nothing: a callback is trusted by the token in its URL, which is not kept.
  inbound: { verify: verifyPayrexxWebhook, process: processPayrexxCallback, keptHeaders: [] },
  handlers: {},
});
