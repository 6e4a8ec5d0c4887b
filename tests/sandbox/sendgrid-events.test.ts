// The sandbox's SendGrid Event Webhook: the key and URL set through the control
// API, events for a sent mail posted as SendGrid posts them (a signed JSON array
// that SendGrid's own package verifies), and clear refusals of what cannot be done.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@sendgrid/client";
import { EventWebhook } from "@sendgrid/eventwebhook";
import { MailService } from "@sendgrid/mail";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, startTestSandbox } from "./helpers";

let sb: Sandbox;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
const KEY = "SG.sandbox-events.s3cr3t-value";

async function send(to: string, key = KEY) {
  const client = new Client();
  client.setApiKey(key);
  client.setDefaultRequest("baseUrl", `${sb.url}/sendgrid/`);
  const mail = new MailService();
  mail.setClient(client);
  await mail.send({ to, from: "tickets@switchboard.example", subject: "Your ticket", text: "See you there.", customArgs: { order_id: "fake-order-1" } });
}

beforeAll(async () => {
  sb = await startTestSandbox();
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`;
});
afterAll(async () => {
  await sb.stop();
  await new Promise((r) => receiver.close(r));
});

describe("SendGrid Event Webhook in the sandbox", () => {
  it("posts a signed bounce for a sent mail that SendGrid's package verifies with the sandbox's key", async () => {
    const set = await control<{ publicKey: string; url: string }>(sb, "POST", "sendgrid/event-webhook", { apiKey: KEY, url: receiverUrl });
    expect(set.status).toBe(200);
    expect(set.body.publicKey).toMatch(/^MF/);
    await send("Ana@Example.com");
    const posted = await control<{ answered: number }>(sb, "POST", "sendgrid/events", { to: "ana@example.com", event: "bounce" });
    expect(posted.status).toBe(200);
    expect(posted.body.answered).toBe(200);
    const { headers, body } = received.at(-1)!;
    const webhook = new EventWebhook();
    const key = webhook.convertPublicKeyToECDSA(set.body.publicKey);
    const signature = String(headers["x-twilio-email-event-webhook-signature"]);
    const timestamp = String(headers["x-twilio-email-event-webhook-timestamp"]);
    expect(webhook.verifySignature(key, body, signature, timestamp)).toBe(true);
    expect(webhook.verifySignature(key, body, signature, String(Number(timestamp) + 1))).toBe(false);
    const events = JSON.parse(body) as Array<Record<string, unknown>>;
    expect(events).toEqual([expect.objectContaining({ email: "ana@example.com", event: "bounce", type: "bounce", order_id: "fake-order-1", sg_event_id: expect.any(String), sg_message_id: expect.any(String) })]);
    const inbox = await control<{ sendgrid: { events: Array<{ url: string; status: number }> } }>(sb, "GET", "inbox.json");
    expect(inbox.body.sendgrid.events.at(-1)).toMatchObject({ url: receiverUrl, status: 200 });
  });

  it("refuses an unknown event, an address nothing was sent to, and an account without an Event Webhook URL", async () => {
    expect((await control(sb, "POST", "sendgrid/events", { to: "ana@example.com", event: "exploded" })).status).toBe(400);
    expect((await control(sb, "POST", "sendgrid/events", { to: "nobody@example.com", event: "open" })).status).toBe(404);
    await send("bo@example.com", "SG.other-account.s3cr3t-value");
    const noUrl = await control<{ error: string }>(sb, "POST", "sendgrid/events", { to: "bo@example.com", event: "open" });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.error).toMatch(/no Event Webhook URL/);
    expect((await control(sb, "POST", "sendgrid/event-webhook", { apiKey: KEY, url: "ftp://nope" })).status).toBe(400);
  });
});
