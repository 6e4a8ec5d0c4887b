import { html, raw, type Raw } from "../core/html";
import type { InboxChannel } from "./inbox-model";
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
