// The sandbox's demo webhook receiver: POST /_sandbox/receiver/<name> records and
// answers (200, or ?status=), /_sandbox/receiver.json lists what came, the inbox
// page shows it under "Webhooks received", and `npm start`'s allow-list addition
// lets the app's SSRF-guarded client deliver there, signed as always.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { endpointUrlProblem, outboundPolicyFromEnv, postOutbound } from "@/lib/net/post";
import { generateWebhookSecret } from "@/lib/webhooks/outbound/secrets";
import { messageBody, newMsgId, signedHeaders } from "@/lib/webhooks/outbound/sign";
import { withSandboxAllowed } from "../../sandbox/receiver/allow-host";
import { MAX_BODY_BYTES } from "../../sandbox/receiver/state";
import type { ReceivedWebhook } from "../../sandbox/receiver/state";
import type { Sandbox } from "../../sandbox/server";
import { control, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb?.stop();
});
beforeEach(async () => {
  await resetSandbox(sb);
});

const post = (path: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(`${sb.url}/_sandbox/receiver/${path}`, { method: "POST", headers, body });

async function received(name?: string): Promise<ReceivedWebhook[]> {
  return (await control<{ messages: ReceivedWebhook[] }>(sb, "GET", `receiver.json${name ? `?name=${name}` : ""}`)).body.messages;
}

describe("the sandbox's demo webhook receiver", () => {
  it("records a POST with its headers and body and answers 200", async () => {
    const body = JSON.stringify({ type: "registration.created", timestamp: "2030-01-01T00:00:00.000Z", data: { fake: true } });
    const res = await post("demo", body, { "content-type": "application/json", "webhook-id": "msg_fake1", "webhook-timestamp": "1", "webhook-signature": "v1,ZmFrZQ==" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, seq: 1 });
    const [m] = await received();
    expect(m).toMatchObject({
      seq: 1,
      name: "demo",
      method: "POST",
      path: "/_sandbox/receiver/demo",
      body,
      bytes: Buffer.byteLength(body),
      truncated: false,
      webhookId: "msg_fake1",
      type: "registration.created",
      signaturePresent: true,
      status: 200,
    });
    expect(m!.headers["webhook-signature"]).toBe("v1,ZmFrZQ==");
  });

  it("answers the status asked for with ?status=, and refuses one that is not a status", async () => {
    const failing = await post("flaky?status=500", "{}");
    expect(failing.status).toBe(500);
    expect((await post("flaky?status=410", "{}")).status).toBe(410);
    expect((await post("flaky?status=abc", "{}")).status).toBe(400);
    expect((await received("flaky")).map((m) => m.status)).toEqual([500, 410]);
  });

  it("accepts any body, keeps at most 64 KB of it, and takes POST only", async () => {
    expect((await post("plain", "not json at all", { "content-type": "text/plain" })).status).toBe(200);
    const big = "a".repeat(MAX_BODY_BYTES + 1000);
    expect((await post("plain", big)).status).toBe(200);
    const [text, large] = await received("plain");
    expect(text).toMatchObject({ body: "not json at all", type: null, webhookId: null, signaturePresent: false });
    expect(large).toMatchObject({ bytes: MAX_BODY_BYTES + 1000, truncated: true });
    expect(large!.body).toHaveLength(MAX_BODY_BYTES);

    const get = await fetch(`${sb.url}/_sandbox/receiver/plain`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await post("bad%20name", "{}")).status).toBe(404);
    expect((await post("", "{}")).status).toBe(404);
    // Refused requests are not recorded; reset empties the rest.
    expect(await received()).toHaveLength(2);
    await resetSandbox(sb);
    expect(await received()).toEqual([]);
  });

  it("lists the latest deliveries on the inbox page under Webhooks received, escaped", async () => {
    const page0 = await (await fetch(sb.url)).text();
    expect(page0).toContain("Webhooks received");
    expect(page0).toContain("No webhooks received yet.");
    expect(page0).toContain(`${sb.url}/_sandbox/receiver/demo`);
    await post("demo", JSON.stringify({ type: "event.published<script>", data: {} }), { "content-type": "application/json", "webhook-id": "msg_fakepage" });
    const page = await (await fetch(sb.url)).text();
    expect(page).toContain("msg_fakepage");
    expect(page).toContain("event.published&lt;script&gt;");
    expect(page).not.toContain("event.published<script>");
    expect(page).toContain("no signature header");
    expect(page).toContain('href="#webhooks">Webhooks received (1)');
  });

  it("receives a signed delivery from the app's guarded client once npm start's allow-list names it", async () => {
    // As playwright.config.ts and an operator set it: start.ts appends, never replaces.
    const allow = withSandboxAllowed("127.0.0.1:4199", sb.url);
    expect(allow).toBe(`127.0.0.1:4199,${new URL(sb.url).host}`);
    expect(withSandboxAllowed(allow, sb.url)).toBe(allow);
    expect(withSandboxAllowed(undefined, "http://127.0.0.1:4010")).toBe("127.0.0.1:4010");
    expect(withSandboxAllowed(" ", "http://127.0.0.1:4010")).toBe("127.0.0.1:4010");

    const url = `${sb.url}/_sandbox/receiver/demo`;
    // Production refuses plain http and loopback addresses, unless allow-listed.
    const production = { NODE_ENV: "production" };
    expect(endpointUrlProblem(url, outboundPolicyFromEnv(production))).toBeTruthy();
    const policy = outboundPolicyFromEnv({ ...production, SWITCHBOARD_WEBHOOK_ALLOW_HOSTS: allow });
    expect(endpointUrlProblem(url, policy)).toBeNull();

    const secret = generateWebhookSecret();
    const msgId = newMsgId();
    const body = messageBody("webhook.test", new Date(), { message: "fake test event" });
    const res = await postOutbound({ url, headers: signedHeaders(msgId, body, [secret], new Date()), body, timeoutMs: 5_000, maxResponseBytes: 4096 }, policy);
    expect(res.status).toBe(200);
    const [m] = await received("demo");
    expect(m).toMatchObject({ webhookId: msgId, type: "webhook.test", signaturePresent: true, body });
    // Recorded byte for byte: the endpoint's secret verifies it.
    expect(new Webhook(secret).verify(m!.body, m!.headers)).toMatchObject({ type: "webhook.test" });
  });
});
