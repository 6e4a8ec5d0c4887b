// In live mode an admin points SendGrid's Event Webhook at our URL and pastes the
// verification key SendGrid shows. In sandbox mode (and only there) connecting
// does both through the sandbox's control API, so the demo needs no manual step.
// Never in live mode: SendGrid has one Event Webhook per account, and connecting
// must not repoint one an organization already uses.
import { ProviderCallError } from "../contract";
import { sandboxControlHeaders, sandboxUrl } from "../sandbox-url";
import type { SendGridContext, SendGridCredentials } from "./manifest";

export async function registerSandboxEventWebhook(ctx: SendGridContext, url: string): Promise<Partial<SendGridCredentials> | void> {
  if (ctx.connection.mode !== "sandbox") return;
  const res = await fetch(`${sandboxUrl()}/_sandbox/sendgrid/event-webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", ...sandboxControlHeaders() },
    body: JSON.stringify({ apiKey: ctx.credentials.apiKey, url }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) {
    const detail = (await res.text()).slice(0, 200);
    throw new ProviderCallError("sandbox event-webhook", { kind: "unknown", status: res.status, message: `The sandbox did not take the Event Webhook URL: ${detail}` });
  }
  const { publicKey } = (await res.json()) as { publicKey: string };
  // A key the admin typed is kept (it may be their own signer's); otherwise the sandbox's is the one its posts verify with.
  if (!ctx.credentials.eventWebhookKey) return { eventWebhookKey: publicKey };
}
