// The inbox's SMS and WhatsApp threads (per account number, one thread per other
// party, oldest first; a template shown filled) and the calls placed, with what they said and the TwiML they played.
import { html, type Raw } from "../core/html";
import type { TwilioState } from "./state";

export interface InboxSms {
  sid: string;
  channel: "sms" | "whatsapp";
  contentSid: string | null;
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
  channel: "sms" | "whatsapp";
  number: string;
  party: string;
  messages: InboxSms[];
}

export interface InboxCall {
  sid: string;
  from: string;
  to: string;
  status: string;
  duration: number | null;
  spoken: Array<{ language: string | null; text: string }>;
  twiml: string;
  at: string;
}

export function twilioInbox(state: TwilioState): { threads: InboxThread[]; messages: InboxSms[]; calls: InboxCall[] } {
  const threads = new Map<string, InboxThread>();
  const messages: InboxSms[] = [];
  for (const m of [...state.messages.values()].sort((a, b) => a.createdAt - b.createdAt)) {
    const [number, party] = m.direction === "inbound" ? [m.to, m.from] : [m.from, m.to];
    const key = `${m.accountSid}|${number}|${party}`;
    let t = threads.get(key);
    if (!t) threads.set(key, (t = { accountSid: m.accountSid, channel: number.startsWith("whatsapp:") ? "whatsapp" : "sms", number, party, messages: [] }));
    const sms = { sid: m.sid, channel: m.from.startsWith("whatsapp:") ? ("whatsapp" as const) : ("sms" as const), contentSid: m.contentSid, direction: m.direction, from: m.from, to: m.to, body: m.body, status: m.status, errorCode: m.errorCode, at: new Date(m.createdAt).toISOString() };
    t.messages.push(sms);
    messages.push(sms);
  }
  const calls = [...state.calls.values()]
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((c) => ({ sid: c.sid, from: c.from, to: c.to, status: c.status, duration: c.duration, spoken: c.spoken, twiml: c.twiml, at: new Date(c.createdAt).toISOString() }));
  return { threads: [...threads.values()], messages, calls };
}

const SHOWN = 50;

export function callsSection(calls: InboxCall[]): Raw {
  if (calls.length === 0) return html`<p class="empty">No calls yet.</p>`;
  return html`${calls.slice(-SHOWN).map(
    (c) => html`<div class="card call">
      <h3>Call to ${c.to} <span class="muted small">from ${c.from} · ${c.status}${c.duration !== null ? ` · ${c.duration}s` : ""} · ${c.at} · ${c.sid}</span></h3>
      ${c.spoken.map((s) => html`<p class="said">${s.language ? html`<span class="muted small">${s.language}</span> ` : ""}${s.text}</p>`)}
      <details><summary class="small">TwiML</summary><pre>${c.twiml}</pre></details>
    </div>`,
  )}`;
}

export function twilioSection(state: TwilioState): Raw {
  const inbox = twilioInbox(state);
  return html`<h3 class="sub">SMS</h3>${smsSection(inbox.threads.filter((t) => t.channel === "sms"))}<h3 class="sub">WhatsApp</h3>${smsSection(inbox.threads.filter((t) => t.channel === "whatsapp"), "No WhatsApp messages yet.")}<h3 class="sub">Calls</h3>${callsSection(inbox.calls)}`;
}

export function smsSection(threads: InboxThread[], empty = "No SMS yet."): Raw {
  if (threads.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`${threads.map(
    (t) => html`<div class="card sms-thread">
      <h3>${t.party} <span class="muted small">with ${t.number} · ${t.messages.length} message${t.messages.length === 1 ? "" : "s"}</span></h3>
      ${t.messages.slice(-SHOWN).map(
        (m) => html`<div class="sms ${m.direction === "inbound" ? "in" : "out"}">
          <div class="bubble">${m.body}</div>
          <div class="muted small">${m.at} · ${m.contentSid ? `template ${m.contentSid} · ` : ""}${m.direction === "inbound" ? "received" : m.status}${m.errorCode !== null ? ` · error ${m.errorCode}` : ""} · ${m.sid}</div>
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
h3.sub{margin:16px 0 8px;font-size:15px}
.call h3{margin:0 0 8px;font-size:16px}
.call .said{margin:4px 0;white-space:pre-wrap}
.call pre{white-space:pre-wrap;font-size:12px}
`;
