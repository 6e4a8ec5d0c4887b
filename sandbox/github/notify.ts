// The demo App's webhooks to the app, signed as GitHub signs them:
// X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(webhook secret, raw body),
// with X-GitHub-Event, X-GitHub-Delivery (a GUID) and the installation in the
// body. Each delivery and the answer are kept for the inbox.
import { createHmac, randomUUID } from "node:crypto";
import type { Runtime } from "../core/context";
import { keepLatest } from "../core/keep-latest";
import { postWebhook } from "../core/webhook-post";
import { SANDBOX_APP, SANDBOX_GITHUB_WEBHOOK_SECRET, type GithubState, type SignatureKind, type WebhookSent } from "./state";

/** GitHub gives a receiver 10 seconds. */
const TIMEOUT_MS = 10_000;
const KEPT = 200;

export function githubSign(secret: string, body: string): string {
  return "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
}

export function orgView(state: GithubState) {
  return { login: state.org.login, id: state.org.id, type: "Organization", url: `https://api.github.com/orgs/${state.org.login}` };
}

export async function sendWebhook(
  rt: Runtime,
  state: GithubState,
  input: { event: string; installationId: number; body: Record<string, unknown>; signature?: SignatureKind; delivery?: string },
): Promise<WebhookSent | null> {
  const url = state.app.webhookUrl;
  if (!url) return null;
  const signature = input.signature ?? "valid";
  const body = JSON.stringify({ ...input.body, installation: { id: input.installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${input.installationId}` } });
  const sent: WebhookSent = {
    id: input.delivery ?? randomUUID(),
    at: new Date(rt.clock.now()).toISOString(),
    event: input.event,
    action: typeof input.body.action === "string" ? input.body.action : null,
    signature,
    status: null,
    error: null,
  };
  state.app.sent.push(sent);
  keepLatest(state.app.sent, KEPT);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/sandbox",
    "x-github-event": input.event,
    "x-github-delivery": sent.id,
    "x-github-hook-id": "1",
    "x-github-hook-installation-target-type": "integration",
    "x-github-hook-installation-target-id": String(SANDBOX_APP.id),
  };
  if (signature !== "none") headers["x-hub-signature-256"] = githubSign(signature === "forged" ? "not-the-app-webhook-secret" : SANDBOX_GITHUB_WEBHOOK_SECRET, body);
  const outcome = await postWebhook(rt, { url, headers, body, timeoutMs: TIMEOUT_MS });
  sent.status = outcome.status;
  sent.error = outcome.error;
  return sent;
}
