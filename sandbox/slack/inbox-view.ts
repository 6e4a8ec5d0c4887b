import { html, raw, type Raw } from "../core/html";
import type { InboxChannel } from "./inbox-model";
import type { SlackAppSettings } from "./state";
import { mrkdwn, renderBlocks } from "./mrkdwn";

/** A page a person reads: the latest messages of each channel; inbox.json has them all. */
const SHOWN = 50;

export function slackSection(channels: InboxChannel[]): Raw {
  if (channels.length === 0) return html`<p class="empty">No Slack messages yet.</p>`;
  return html`${channels.map(
    (c) => html`<div class="card channel">
      <h3>${c.isPrivate ? "🔒 " : "#"}${c.name} <span class="muted small">${c.id} · ${c.messages.length} message${c.messages.length === 1 ? "" : "s"}${c.messages.length > SHOWN ? `, the latest ${SHOWN} shown` : ""}</span></h3>
      ${c.messages.slice(-SHOWN).map(
        (m) => html`<div class="msg">
          <div class="msg-head"><strong>Switchboard</strong> <span class="badge">APP</span> <span class="muted small">${m.postedAt} · ts ${m.ts}${m.threadTs ? ` · reply to ${m.threadTs}` : ""}</span></div>
          ${m.blocks && m.blocks.length > 0 ? raw(renderBlocks(m.blocks)) : raw(`<div>${mrkdwn(m.text)}</div>`)}
          ${m.blocks && m.blocks.length > 0 && m.text ? html`<div class="muted small">Notification text: ${m.text}</div>` : ""}
        </div>`,
      )}
    </div>`,
  )}`;
}

/** What Slack sent the app (events, commands, button presses) and what the app answered, the latest first. */
export function appCallsSection(app: SlackAppSettings): Raw {
  const head = html`<h3>Calls to the app <span class="muted small">Request URL: ${app.requestUrl ?? "not set (POST /_sandbox/slack/app)"}</span></h3>`;
  if (app.calls.length === 0) return html`<div class="card channel">${head}<p class="empty">Nothing sent to the app yet.</p></div>`;
  return html`<div class="card channel">${head}${app.calls
    .slice(-SHOWN)
    .reverse()
    .map((c) => {
      const later = app.responses.filter((r) => r.callId === c.id);
      return html`<div class="msg">
        <div class="msg-head"><strong>${c.kind.replace("_", " ")}</strong> ${c.what} <span class="muted small">${c.at}${c.signature === "valid" ? "" : ` · ${c.signature} signature`}</span>
          <span class="badge">${c.status === null ? (c.error ?? "no answer") : String(c.status)}</span></div>
        ${c.answer ? html`<div class="app-answer">Answered: ${c.answer}</div>` : ""}
        ${later.map((r) => html`<div class="app-answer">Then posted to the response URL: ${JSON.stringify(r.body)}</div>`)}
      </div>`;
    })}</div>`;
}
