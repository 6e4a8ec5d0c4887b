// The sandbox signs Event Webhook posts exactly as SendGrid does: SendGrid's own
// package verifies them with the public key the sandbox hands out, and our check
// refuses anything forged, altered, stale or from the future.
import { generateKeyPairSync } from "node:crypto";
import { EventWebhook } from "@sendgrid/eventwebhook";
import { describe, expect, it } from "vitest";
import { verifySendGridEvents } from "@/lib/integrations/sendgrid/events";
import { signEventPost } from "../../sandbox/sendgrid/event-webhook";
import { seedSendGrid } from "../../sandbox/sendgrid/state";

const NOW = 1_780_000_000_000;
const body = JSON.stringify([{ email: "guest@example.com", event: "bounce", timestamp: NOW / 1000, sg_event_id: "fake-event-1" }]);
const headersFor = (signature: string, timestamp: string) =>
  new Headers({ "X-Twilio-Email-Event-Webhook-Signature": signature, "X-Twilio-Email-Event-Webhook-Timestamp": timestamp });

describe("the sandbox's Event Webhook signature", () => {
  const { signing } = seedSendGrid();
  const ts = String(NOW / 1000);
  const signature = signEventPost(signing.privateKey, ts, body);

  it("is verified by SendGrid's own package with the public key as SendGrid shows it", () => {
    expect(signing.publicKey).toMatch(/^MF[A-Za-z0-9+/]+={0,2}$/);
    // The same on every start, so a connection made before a restart keeps verifying.
    expect(seedSendGrid().signing.publicKey).toBe(signing.publicKey);
    const webhook = new EventWebhook();
    expect(webhook.verifySignature(webhook.convertPublicKeyToECDSA(signing.publicKey), body, signature, ts)).toBe(true);
    expect(webhook.verifySignature(webhook.convertPublicKeyToECDSA(signing.publicKey), body + " ", signature, ts)).toBe(false);
  });

  it("passes our check within five minutes, and yields the events", () => {
    expect(verifySendGridEvents(body, headersFor(signature, ts), signing.publicKey, NOW + 299_000)).toEqual(JSON.parse(body));
  });

  it("is refused when stale, from the future, altered, forged, or missing", () => {
    expect(() => verifySendGridEvents(body, headersFor(signature, ts), signing.publicKey, NOW + 301_000)).toThrow(/5 minutes/);
    const future = String(NOW / 1000 + 301);
    expect(() => verifySendGridEvents(body, headersFor(signEventPost(signing.privateKey, future, body), future), signing.publicKey, NOW)).toThrow(/5 minutes/);
    expect(() => verifySendGridEvents(body.replace("bounce", "open"), headersFor(signature, ts), signing.publicKey, NOW)).toThrow(/does not match/);
    const other = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    expect(() => verifySendGridEvents(body, headersFor(signEventPost(other, ts, body), ts), signing.publicKey, NOW)).toThrow(/does not match/);
    expect(() => verifySendGridEvents(body, headersFor("bm90IGEgc2lnbmF0dXJl", ts), signing.publicKey, NOW)).toThrow(/does not match/);
    expect(() => verifySendGridEvents(body, new Headers(), signing.publicKey, NOW)).toThrow(/missing/);
    expect(() => verifySendGridEvents(body, headersFor(signature, ts), "", NOW)).toThrow(/no Event Webhook verification key/);
  });
});
