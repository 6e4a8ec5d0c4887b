// Zoom's webhook signature (v0 HMAC-SHA256 over "v0:<timestamp>:<raw body>") and
// the endpoint.url_validation answer, checked against values computed here.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptedToken, knownWebhookSecrets, verifyZoomSignature, webhookSecretFor, zoomSignature } from "@/lib/integrations/zoom/signing";

const SECRET = "fake-secret-token";
const BODY = '{"event":"meeting.deleted","event_ts":1,"payload":{"account_id":"acc"}}';
const NOW = 1_900_000_000_000;
const ts = String(NOW / 1000);

function headers(signature: string, timestamp = ts) {
  return new Headers({ "x-zm-signature": signature, "x-zm-request-timestamp": timestamp });
}

describe("Zoom signing", () => {
  it("signs as Zoom documents it", () => {
    expect(zoomSignature(SECRET, ts, BODY)).toBe("v0=" + createHmac("sha256", SECRET).update(`v0:${ts}:${BODY}`).digest("hex"));
    expect(encryptedToken(SECRET, "plain")).toBe(createHmac("sha256", SECRET).update("plain").digest("hex"));
  });

  it("accepts a fresh signature of the exact body", () => {
    expect(() => verifyZoomSignature(BODY, headers(zoomSignature(SECRET, ts, BODY)), [SECRET], NOW)).not.toThrow();
    // Any of several secrets (the live app's and the sandbox app's).
    expect(() => verifyZoomSignature(BODY, headers(zoomSignature(SECRET, ts, BODY)), ["other", SECRET], NOW)).not.toThrow();
  });

  it("refuses an altered body, another secret, a missing header and a malformed signature", () => {
    expect(() => verifyZoomSignature(BODY + " ", headers(zoomSignature(SECRET, ts, BODY)), [SECRET], NOW)).toThrow("does not match");
    expect(() => verifyZoomSignature(BODY, headers(zoomSignature("other", ts, BODY)), [SECRET], NOW)).toThrow("does not match");
    expect(() => verifyZoomSignature(BODY, new Headers({ "x-zm-request-timestamp": ts }), [SECRET], NOW)).toThrow("Missing");
    expect(() => verifyZoomSignature(BODY, headers("v0=short"), [SECRET], NOW)).toThrow("does not match");
    expect(() => verifyZoomSignature(BODY, headers(zoomSignature(SECRET, "abc", BODY), "abc"), [SECRET], NOW)).toThrow("Malformed");
  });

  it("refuses a timestamp more than five minutes away, either way", () => {
    const old = String(NOW / 1000 - 301);
    const ahead = String(NOW / 1000 + 301);
    expect(() => verifyZoomSignature(BODY, headers(zoomSignature(SECRET, old, BODY), old), [SECRET], NOW)).toThrow("five minutes");
    expect(() => verifyZoomSignature(BODY, headers(zoomSignature(SECRET, ahead, BODY), ahead), [SECRET], NOW)).toThrow("five minutes");
    const edge = String(NOW / 1000 - 300);
    expect(() => verifyZoomSignature(BODY, headers(zoomSignature(SECRET, edge, BODY), edge), [SECRET], NOW)).not.toThrow();
  });

  it("reads the live secret from the environment and opens the sandbox app's only where the sandbox is on", () => {
    expect(webhookSecretFor("live", { ZOOM_WEBHOOK_SECRET_TOKEN: " live-fake " })).toBe("live-fake");
    expect(webhookSecretFor("live", {})).toBeUndefined();
    expect(webhookSecretFor("sandbox", { SANDBOX: "off" })).toBeUndefined();
    expect(webhookSecretFor("sandbox", { SANDBOX: "on" })).toBeDefined();
    expect(knownWebhookSecrets({ SANDBOX: "off", ZOOM_WEBHOOK_SECRET_TOKEN: "live-fake" })).toEqual(["live-fake"]);
  });
});
