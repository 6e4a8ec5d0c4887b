// Standard Webhooks signing with the standardwebhooks package itself, so what
// we send is exactly what its verify() (and Svix's libraries) accept.
import { Webhook } from "standardwebhooks";

export const SIGNATURE_PLACEHOLDER = "v1,<redacted>";
/** The type of a message sent by Send test event (no domain event behind it). */
export const TEST_EVENT_TYPE = "webhook.test";
export const USER_AGENT = "Switchboard-Webhooks/1.0";

/** The JSON body of a message: fixed when the message is made, sent byte for byte on every attempt. */
export function messageBody(type: string, timestamp: Date, data: unknown): string {
  return JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
}

/** A Standard Webhooks message id, stable across retries. */
export function newMsgId(): string {
  return `msg_${crypto.randomUUID().replaceAll("-", "")}`;
}

/**
 * The headers of one attempt. With several secrets (during a rotation) the
 * signatures are space-separated; a receiver holding either secret verifies.
 */
export function signedHeaders(msgId: string, body: string, secrets: string[], at: Date): Record<string, string> {
  const signature = secrets.map((s) => new Webhook(s).sign(msgId, at, body)).join(" ");
  return {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

/** What the attempt log keeps of the request: everything but the signature value. */
export function loggableHeaders(headers: Record<string, string>): Record<string, string> {
  const count = headers["webhook-signature"]?.split(" ").length ?? 0;
  return { ...headers, "webhook-signature": Array.from({ length: count }, () => SIGNATURE_PLACEHOLDER).join(" ") };
}
