import { Client } from "@sendgrid/client";
import { MailService } from "@sendgrid/mail";
import { WebClient } from "@slack/web-api";
import { google } from "googleapis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { googleOAuthClient, mintToken, startTestSandbox } from "./helpers";

let sb: Sandbox;
let page: string;

beforeAll(async () => {
  sb = await startTestSandbox();
  const slack = new WebClient((await mintToken(sb, "slack")).access_token, { slackApiUrl: `${sb.url}/slack/api/`, retryConfig: { retries: 0 } });
  await slack.chat.postMessage({
    channel: "C0EVENTS01",
    text: "Ana registered for Launch",
    blocks: [
      { type: "header", text: { type: "plain_text", text: "New <script>alert(1)</script> registration" } },
      // Slack's own escaping of <, > and & in mrkdwn, as a connector must send them.
      { type: "section", text: { type: "mrkdwn", text: ":ticket: *Ana* registered for *<https://example.com/e/launch|Launch>* &lt;b&gt;bold?&lt;/b&gt;" } },
      { type: "section", fields: [{ type: "mrkdwn", text: "*Tickets*\nGeneral" }] },
    ],
  });

  const client = new Client();
  client.setApiKey("SG.inbox.test");
  client.setDefaultRequest("baseUrl", `${sb.url}/sendgrid/`);
  const mail = new MailService();
  mail.setClient(client);
  await mail.send({
    to: "ana@example.com",
    from: { email: "tickets@switchboard.example", name: "Switchboard" },
    subject: "Your ticket <for> Launch",
    html: "<h1>Welcome</h1><p>See you & yours</p>",
    text: "Welcome",
    attachments: [{ content: Buffer.from("BEGIN:VCALENDAR\r\nEND:VCALENDAR").toString("base64"), filename: "launch.ics", type: "text/calendar" }],
  });

  const auth = googleOAuthClient(sb);
  auth.setCredentials({ access_token: (await mintToken(sb, "google-calendar")).access_token });
  const calendar = google.calendar({ version: "v3", auth, rootUrl: `${sb.url}/google-calendar/`, retry: false } as never) as ReturnType<typeof google.calendar>;
  await calendar.events.insert({
    calendarId: "primary",
    requestBody: {
      summary: "Launch party",
      start: { dateTime: "2030-01-02T18:00:00+01:00" },
      end: { dateTime: "2030-01-02T21:00:00+01:00" },
      attendees: [{ email: "ana@example.com" }],
    },
  });

  const res = await fetch(`${sb.url}/`);
  expect(res.headers.get("content-type")).toContain("text/html");
  page = await res.text();
});
afterAll(() => sb.stop());

describe("inbox page", () => {
  it("shows the Slack message with its blocks rendered and nothing executable", () => {
    expect(page).toContain("#events");
    expect(page).toContain('🎟️ <strong>Ana</strong> registered for <strong><a href="https://example.com/e/launch" rel="noreferrer noopener" target="_blank">Launch</a></strong>');
    expect(page).toContain("&lt;b&gt;bold?&lt;/b&gt;");
    expect(page).toContain('<div class="b-header">New &lt;script&gt;alert(1)&lt;/script&gt; registration</div>');
    expect(page).not.toContain("<script>");
    expect(page).toContain("<strong>Tickets</strong><br>General");
  });

  it("shows the e-mail with its HTML body in a sandboxed iframe and its attachment", () => {
    expect(page).toContain("Your ticket &lt;for&gt; Launch");
    expect(page).toContain("Switchboard &lt;tickets@switchboard.example&gt;");
    expect(page).toContain('sandbox="" srcdoc="&lt;h1&gt;Welcome&lt;/h1&gt;&lt;p&gt;See you &amp; yours&lt;/p&gt;"');
    expect(page).toMatch(/<a href="\/_sandbox\/attachments\/[^"]+\/0">launch\.ics<\/a>/);
  });

  it("places the calendar entry in its day of a seven-day week and lists it", () => {
    const days = [...page.matchAll(/<div class="day-head">(\w+) <span class="muted">([\d-]+)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(days).toEqual(["Mon 12-31", "Tue 01-01", "Wed 01-02", "Thu 01-03", "Fri 01-04", "Sat 01-05", "Sun 01-06"]);
    const wednesday = page.split('<div class="day-head">Wed')[1]!.split('<div class="day">')[0]!;
    expect(wednesday).toContain('<span class="time">18:00</span> Launch party');
    expect(page).toContain("ana@example.com (needsAction)");
  });

  it("serves the same content as JSON", async () => {
    const inbox = (await (await fetch(`${sb.url}/_sandbox/inbox.json`)).json()) as {
      slack: { channels: Array<{ name: string; messages: Array<{ text: string }> }> };
      sendgrid: { emails: Array<{ subject: string; attachments: Array<{ filename: string; type: string }> }> };
      "google-calendar": { events: Array<{ summary: string; start: unknown; attendees: unknown[]; reminders: unknown; status: string }> };
    };
    expect(inbox.slack.channels[0]).toMatchObject({ name: "events", messages: [{ text: "Ana registered for Launch" }] });
    expect(inbox.sendgrid.emails[0]).toMatchObject({ subject: "Your ticket <for> Launch", attachments: [{ filename: "launch.ics", type: "text/calendar" }] });
    expect(inbox["google-calendar"].events[0]).toMatchObject({ summary: "Launch party", status: "confirmed", reminders: { useDefault: true }, attendees: [{ email: "ana@example.com" }] });
  });
  it("shows one section alone with ?only=, the navigation still naming every section; an unknown one shows all", async () => {
    const only = await (await fetch(`${sb.url}/?only=slack`)).text();
    expect(only).toContain('<section id="slack">');
    expect(only).toContain("Ana registered for Launch");
    expect(only).not.toContain('<section id="email">');
    expect(only).not.toContain("Your ticket &lt;for&gt; Launch");
    expect(only).not.toContain('<section id="requests">');
    expect(only).toContain('<a href="/#email">');
    expect(only).toContain('<a href="/">Show everything</a>');
    const unknown = await (await fetch(`${sb.url}/?only=nothing-here`)).text();
    expect(unknown).toContain('<section id="slack">');
    expect(unknown).toContain('<section id="email">');
  });
});
