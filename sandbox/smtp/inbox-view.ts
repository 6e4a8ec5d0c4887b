// "Platform mail": what the app's own mailer (SMTP_*) sent to the sandbox's SMTP
// server, newest first, with the message as the admin would read it.
import { html, type Raw } from "../core/html";
import type { SmtpAddress, SmtpMail } from "./state";

const SHOWN = 50;

function addr(a: SmtpAddress): string {
  return a.name ? `${a.name} <${a.email}>` : a.email;
}

/** The HTML body goes into a sandboxed iframe (no scripts, no same origin), never into the page. */
function body(m: SmtpMail): Raw {
  if (m.html) return html`<iframe class="mail-body" sandbox="" srcdoc="${m.html}" title="E-mail body"></iframe>`;
  if (m.text) return html`<pre class="mail-text">${m.text}</pre>`;
  return html`<p class="empty">No body.</p>`;
}

export interface SmtpServerInfo {
  host: string;
  port: number;
  user: string;
}

export function smtpSection(mails: SmtpMail[], authFailures: number, server: SmtpServerInfo | undefined): Raw {
  const where = server
    ? html`<p class="muted small">The sandbox's SMTP server listens on <code>${server.host}:${server.port}</code> (sign-in as <code>${server.user}</code>). <code>npm start</code> points the platform mailer here when <code>SMTP_HOST</code> is not set; notices to an organization's admins (an endpoint disabled, for one) arrive below.${authFailures ? html` <span class="badge warn">${authFailures} sign-in${authFailures === 1 ? "" : "s"} refused</span>` : ""}</p>`
    : html`<p class="muted small">The SMTP server is not running.</p>`;
  if (mails.length === 0) return html`${where}<p class="empty">No platform mail yet.</p>`;
  return html`${where}${mails.length > SHOWN ? html`<p class="muted small">The latest ${SHOWN} of ${mails.length}.</p>` : ""}${mails
    .slice(-SHOWN)
    .reverse()
    .map(
      (m) => html`<div class="card mail">
      <h3>${m.subject ?? "(no subject)"}</h3>
      <table class="headers">
        <tr><th>From</th><td>${m.from ? addr(m.from) : html`<span class="muted">—</span>`}</td></tr>
        <tr><th>To</th><td>${m.to.map(addr).join(", ") || html`<span class="muted">—</span>`}</td></tr>
        ${m.cc.length ? html`<tr><th>Cc</th><td>${m.cc.map(addr).join(", ")}</td></tr>` : ""}
        <tr><th>Received</th><td>${m.receivedAt} <span class="muted small">${m.bytes} bytes · envelope ${m.envelope.from ?? "<>"} → ${m.envelope.to.join(", ")}</span></td></tr>
      </table>
      ${body(m)}
      ${m.html && m.text ? html`<details><summary class="small">Plain-text part</summary><pre>${m.text}</pre></details>` : ""}
    </div>`,
    )}`;
}
