// Payrexx has no API to set the webhook URL: an admin pastes it in Payrexx's admin.
// The sandbox emulates that admin with a control endpoint, so in sandbox mode (and
// only there) connecting sets it, and the demo works without a manual step.
import { ProviderCallError } from "../contract";
import { sandboxControlHeaders, sandboxUrl } from "../sandbox-url";
import type { PayrexxContext } from "./manifest";

export async function registerSandboxWebhook(ctx: PayrexxContext, url: string): Promise<void> {
  if (ctx.connection.mode !== "sandbox") return;
  const res = await fetch(`${sandboxUrl()}/_sandbox/payrexx/webhook-url`, {
    method: "POST",
    headers: { "content-type": "application/json", ...sandboxControlHeaders() },
    body: JSON.stringify({ instance: ctx.credentials.instance, url, contentType: "json" }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) {
    const detail = (await res.text()).slice(0, 200);
    throw new ProviderCallError("sandbox webhook-url", { kind: "unknown", status: res.status, message: `The sandbox did not take the webhook URL: ${detail}` });
  }
}
