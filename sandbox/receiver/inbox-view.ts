// "Webhooks received": what Switchboard's outbound webhooks delivered to the
// sandbox's demo receiver (/_sandbox/receiver/<name>), newest first.
import { html, type Raw } from "../core/html";
import type { ReceivedWebhook } from "./state";

const SHOWN = 50;

function statusBadge(status: number): Raw {
  return html`<span class="badge ${status < 300 ? "ok" : "err"}">${status}</span>`;
}

export function receiverSection(messages: ReceivedWebhook[], sandboxUrl: string): Raw {
  const hint = html`<p class="muted small">Add <code>${sandboxUrl}/_sandbox/receiver/demo</code> as an endpoint under Settings → Webhooks (any name instead of <code>demo</code>; <code>?status=500</code> to try failures and retries).</p>`;
  if (messages.length === 0) return html`${hint}<p class="empty">No webhooks received yet.</p>`;
  const recent = messages.slice(-SHOWN).reverse();
  return html`${hint}<table>
    <tr><th>Time</th><th>Receiver</th><th>webhook-id</th><th>Type</th><th>Signature</th><th>Answered</th><th>Body</th></tr>
    ${recent.map(
      (m) => html`<tr>
        <td class="small muted">${m.receivedAt.slice(11, 23)}</td>
        <td><code>${m.name}</code></td>
        <td><code>${m.webhookId ?? "—"}</code></td>
        <td>${m.type ?? html`<span class="muted">—</span>`}</td>
        <td>${m.signaturePresent ? html`<span class="badge ok">webhook-signature present</span>` : html`<span class="badge warn">no signature header</span>`}</td>
        <td>${statusBadge(m.status)}</td>
        <td><details><summary class="small">${m.bytes} bytes${m.truncated ? " (cut)" : ""}</summary><pre>${m.body}</pre></details></td>
      </tr>`,
    )}
  </table>
  <p class="muted small">The latest ${Math.min(SHOWN, messages.length)} of ${messages.length}. All of them, with headers: <a href="/_sandbox/receiver.json">/_sandbox/receiver.json</a>.</p>`;
}
