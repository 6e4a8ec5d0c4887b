// GET /: what the emulated providers received, for a person to look at instead of
// reading logs. Plain server-rendered HTML; nothing on it runs scripts.
import type { Runtime } from "../core/context";
import { html, page } from "../core/html";
import { ACCOUNT } from "../stripe/account";
import { calendarSection } from "./calendar-view";
import { mailSection } from "./mail-view";
import { buildInbox } from "./model";
import { requestsSection } from "./requests-view";
import { slackSection } from "./slack-view";
import { stripeSection } from "./stripe-view";
import { paypalSection } from "./paypal-view";
import { receiverSection } from "./receiver-view";

const CSS = `
.channel h3,.mail h3{margin:0 0 10px;font-size:16px}
.msg{border-top:1px solid #eceef4;padding:10px 0}
.msg-head{margin-bottom:4px}
.b-header{font-weight:700;font-size:15px;margin:4px 0}
.b-section{margin:4px 0}
.b-fields{display:grid;grid-template-columns:1fr 1fr;gap:6px 16px;margin-top:6px}
.b-context{color:#6b7388;font-size:12px}
.btn{display:inline-block;border:1px solid #c5cad8;border-radius:4px;padding:2px 10px;font-size:13px;margin:4px 4px 0 0}
.mention{background:#e8f0fe;color:#1d4ed8;border-radius:3px;padding:0 2px}
.headers th{width:90px;background:none}.headers td,.headers th{border:none;padding:2px 6px}
iframe.mail-body{width:100%;height:360px;border:1px solid #eceef4;border-radius:6px;background:#fff;margin-top:8px}
.attachments ul{margin:4px 0 0;padding-left:18px}
.week{display:grid;grid-template-columns:repeat(7,1fr);gap:6px;margin-bottom:6px}
.day{background:#fff;border:1px solid #dfe3ec;border-radius:6px;min-height:120px;padding:6px}
.day-head{font-weight:600;font-size:12px;border-bottom:1px solid #eceef4;margin-bottom:6px;padding-bottom:3px}
.entry{background:#e8f0fe;border-left:3px solid #2952cc;border-radius:4px;padding:4px 6px;margin-bottom:4px;font-size:12px;overflow-wrap:anywhere}
.entry .time{font-weight:600}
.entry.cancelled,tr.cancelled td{text-decoration:line-through;opacity:.6}
.card-table{border:1px solid #dfe3ec;border-radius:8px;margin-bottom:14px}
#stripe h3,#paypal h3{font-size:14px;margin:14px 0 6px}
`;

function count(n: number): string {
  return n === 0 ? "" : ` (${n})`;
}

export function inboxPage(rt: Runtime): string {
  const inbox = buildInbox(rt.state);
  const messages = inbox.slack.channels.reduce((n, c) => n + c.messages.length, 0);
  const requests = rt.requests.list();
  const body = html`<header class="top">
      <h1>Switchboard sandbox</h1>
      <nav>
        <a href="#slack">Slack${count(messages)}</a>
        <a href="#email">E-mail${count(inbox.sendgrid.emails.length)}</a>
        <a href="#calendar">Calendar${count(inbox.google.events.length)}</a>
        <a href="#stripe">Payments${count(inbox.stripe.sessions.length)}</a>
        <a href="#paypal">PayPal${count(inbox.paypal.orders.length)}</a>
        <a href="#webhooks">Webhooks received${count(rt.state.receiver.messages.length)}</a>
        <a href="#requests">Requests${count(requests.length)}</a>
        <a href="/">Refresh</a>
      </nav>
      <span class="badge ${rt.specs.validating ? "ok" : "warn"}">${rt.specs.validating ? "validating requests against the providers' specs" : "not validating: specs folder missing"}</span>
    </header>
    <main>
      <section id="slack"><h2>Slack <span class="muted small">Sandbox Workspace</span></h2>${slackSection(inbox.slack.channels)}</section>
      <section id="email"><h2>E-mail <span class="muted small">SendGrid</span></h2>${mailSection(inbox.sendgrid.emails)}</section>
      <section id="calendar"><h2>Calendar <span class="muted small">Google Calendar</span></h2>${calendarSection(inbox.google.events, rt.clock.now())}</section>
      <section id="stripe"><h2>Payments <span class="muted small">Stripe · ${ACCOUNT.name}</span></h2>${stripeSection(inbox.stripe)}</section>
      <section id="paypal"><h2>PayPal <span class="muted small">Sandbox Events GmbH · one app per client id</span></h2>${paypalSection(inbox.paypal)}</section>
      <section id="webhooks"><h2>Webhooks received <span class="muted small">demo receiver</span></h2>${receiverSection(rt.state.receiver.messages, rt.url)}</section>
      <section id="requests"><h2>Requests</h2>${requestsSection(requests)}</section>
      <p class="muted small">Control API: <a href="/_sandbox/inbox.json">inbox.json</a> · <a href="/_sandbox/requests">requests</a> · <a href="/_sandbox/faults">faults</a> · <a href="/_sandbox/stripe/deliveries">Stripe deliveries</a> · <a href="/_sandbox/paypal/deliveries">PayPal deliveries</a> · <a href="/_sandbox/receiver.json">webhooks received</a> · <a href="/_sandbox/health">health</a></p>
    </main>`;
  return page("Switchboard sandbox inbox", body, CSS);
}
