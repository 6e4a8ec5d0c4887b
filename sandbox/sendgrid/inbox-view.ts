import { html, type Raw } from "../core/html";
import type { MailAddress, PostedEvents } from "./state";
import type { InboxEmail } from "./inbox-model";

function addr(a: MailAddress): string {
  return a.name ? `${a.name} <${a.email}>` : a.email;
}

function list(as: MailAddress[]): string {
  return as.map(addr).join(", ");
}

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The HTML body goes into a sandboxed iframe (no scripts, no same origin), never into the page. */
function body(e: InboxEmail): Raw {
  if (e.html) return html`<iframe class="mail-body" sandbox="" srcdoc="${e.html}" title="E-mail body"></iframe>`;
  if (e.text) return html`<pre>${e.text}</pre>`;
  if (e.templateId && !e.templateId.startsWith("d-")) return html`<p class="muted">Sent with legacy template <code>${e.templateId}</code>; SendGrid renders it with substitutions, the sandbox does not.</p>`;
  return html`<p class="empty">No body.</p>`;
}

/** The latest e-mails, newest first; inbox.json has them all. */
const SHOWN = 50;

export function mailSection(emails: InboxEmail[]): Raw {
  if (emails.length === 0) return html`<p class="empty">No e-mails yet.</p>`;
  return html`${emails.length > SHOWN ? html`<p class="muted small">The latest ${SHOWN} of ${emails.length}.</p>` : ""}${emails.slice(-SHOWN).reverse().map(
    (e) => html`<div class="card mail">
      <h3>${e.subject ?? "(no subject)"}</h3>
      <table class="headers">
        <tr><th>From</th><td>${addr(e.from)}</td></tr>
        <tr><th>To</th><td>${list(e.to)}</td></tr>
        ${e.cc.length ? html`<tr><th>Cc</th><td>${list(e.cc)}</td></tr>` : ""}
        ${e.bcc.length ? html`<tr><th>Bcc</th><td>${list(e.bcc)}</td></tr>` : ""}
        ${e.replyTo ? html`<tr><th>Reply-To</th><td>${addr(e.replyTo)}</td></tr>` : ""}
        <tr><th>Received</th><td>${e.receivedAt} <span class="muted small">X-Message-Id ${e.messageId}${e.sendAt ? ` · scheduled for ${new Date(e.sendAt * 1000).toISOString()}` : ""}</span></td></tr>
        ${e.templateId ? html`<tr><th>Template</th><td><code>${e.templateId}</code></td></tr>` : ""}
        ${e.categories.length ? html`<tr><th>Categories</th><td>${e.categories.join(", ")}</td></tr>` : ""}
      </table>
      ${body(e)}
      ${e.html && e.text ? html`<details><summary class="small">Plain-text part</summary><pre>${e.text}</pre></details>` : ""}
      ${e.attachments.length
        ? html`<div class="attachments"><strong class="small">Attachments</strong><ul>${e.attachments.map(
            (a) => html`<li><a href="${a.url}">${a.filename}</a> <span class="muted small">${a.type ?? "unknown type"} · ${kb(a.bytes)} · ${a.disposition}</span></li>`,
          )}</ul></div>`
        : ""}
    </div>`,
  )}`;
}

/** The Event Webhook posts, newest first: which event, about whom, and what the app answered. */
export function eventsSection(posts: PostedEvents[]): Raw {
  if (posts.length === 0) return html``;
  return html`<h3>Event Webhook posts</h3><table class="events"><tr><th>Time</th><th>Event</th><th>To</th><th>URL</th><th>Answer</th></tr>${posts
    .slice(-SHOWN)
    .reverse()
    .map(
      (p) =>
        html`<tr><td>${p.at}</td><td>${p.events.map((e) => String(e.event)).join(", ")}</td><td>${p.events.map((e) => String(e.email)).join(", ")}</td><td><code>${p.url}</code></td><td>${p.status ?? p.error ?? "pending"}</td></tr>`,
    )}</table>`;
}
