// The inbox's SMS threads: per account number, one thread per other party, oldest first.
import { html, type Raw } from "../core/html";
import type { TwilioState } from "./state";

export interface InboxSms {
  sid: string;
  direction: "outbound-api" | "inbound";
  from: string;
  to: string;
  body: string;
  status: string;
  errorCode: number | null;
  at: string;
}

export interface InboxThread {
  accountSid: string;
  number: string;
  party: string;
  messages: InboxSms[];
}

export function twilioInbox(state: TwilioState): { threads: InboxThread[]; messages: InboxSms[] } {
  const threads = new Map<string, InboxThread>();
  const messages: InboxSms[] = [];
  for (const m of [...state.messages.values()].sort((a, b) => a.createdAt - b.createdAt)) {
    const [number, party] = m.direction === "inbound" ? [m.to, m.from] : [m.from, m.to];
    const key = `${m.accountSid}|${number}|${party}`;
    let t = threads.get(key);
    if (!t) threads.set(key, (t = { accountSid: m.accountSid, number, party, messages: [] }));
    const sms = { sid: m.sid, direction: m.direction, from: m.from, to: m.to, body: m.body, status: m.status, errorCode: m.errorCode, at: new Date(m.createdAt).toISOString() };
    t.messages.push(sms);
    messages.push(sms);
  }
  return { threads: [...threads.values()], messages };
}

const SHOWN = 50;

export function smsSection(threads: InboxThread[]): Raw {
  if (threads.length === 0) return html`<p class="empty">No SMS yet.</p>`;
  return html`${threads.map(
    (t) => html`<div class="card sms-thread">
      <h3>${t.party} <span class="muted small">with ${t.number} · ${t.messages.length} message${t.messages.length === 1 ? "" : "s"}</span></h3>
      ${t.messages.slice(-SHOWN).map(
        (m) => html`<div class="sms ${m.direction === "inbound" ? "in" : "out"}">
          <div class="bubble">${m.body}</div>
          <div class="muted small">${m.at} · ${m.direction === "inbound" ? "received" : m.status}${m.errorCode !== null ? ` · error ${m.errorCode}` : ""} · ${m.sid}</div>
        </div>`,
      )}
    </div>`,
  )}`;
}

export const SMS_CSS = `
.sms-thread h3{margin:0 0 10px;font-size:16px}
.sms{margin:6px 0;max-width:70%}
.sms.out{margin-left:auto;text-align:right}
.sms .bubble{display:inline-block;padding:6px 10px;border-radius:12px;white-space:pre-wrap;text-align:left}
.sms.out .bubble{background:#1d4ed8;color:#fff}
.sms.in .bubble{background:#eceef4}
`;
