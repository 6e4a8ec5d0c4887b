// The pure parts of outbound webhooks: the catalog, signing, the schedule's configuration, endpoint input.
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { domainEventTypes } from "@/lib/domain/outbox/catalog";
import { eventTypeCatalog } from "@/lib/webhooks/outbound/catalog";
import { DEFAULT_SCHEDULE_MS, deliveryConfig } from "@/lib/webhooks/outbound/config";
import { endpointInput } from "@/lib/webhooks/outbound/endpoints";
import { generateWebhookSecret } from "@/lib/webhooks/outbound/secrets";
import { loggableHeaders, messageBody, SIGNATURE_PLACEHOLDER, signedHeaders } from "@/lib/webhooks/outbound/sign";

describe("event catalog", () => {
  it("lists every domain event type and webhook.test, each with a JSON Schema and an example envelope", () => {
    const entries = eventTypeCatalog();
    expect(entries.map((e) => e.type)).toEqual([...domainEventTypes, "webhook.test"]);
    for (const e of entries) {
      expect(Object.keys(e.example as object)).toEqual(["type", "timestamp", "data"]);
      const schema = e.schema as { type: string; required: string[]; properties: Record<string, { const?: string }> };
      expect(schema.type).toBe("object");
      expect(schema.required).toEqual(["type", "timestamp", "data"]);
      expect(schema.properties.type!.const).toBe(e.type);
    }
  });
});

describe("signing", () => {
  it("signs with every secret, space-separated, and logs placeholders instead", () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const body = messageBody("event.published", new Date("2030-01-01T00:00:00Z"), { x: 1 });
    expect(body).toBe('{"type":"event.published","timestamp":"2030-01-01T00:00:00.000Z","data":{"x":1}}');
    const headers = signedHeaders("msg_1", body, [a, b], new Date());
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(a).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(b).verify(body, headers)).toEqual(JSON.parse(body));
    expect(loggableHeaders(headers)["webhook-signature"]).toBe(`${SIGNATURE_PLACEHOLDER} ${SIGNATURE_PLACEHOLDER}`);
    expect(loggableHeaders(headers)["webhook-id"]).toBe("msg_1");
  });
});

describe("delivery configuration", () => {
  afterEach(() => {
    delete process.env.WEBHOOK_RETRY_SCHEDULE_MS;
    delete process.env.WEBHOOK_TIMEOUT_MS;
  });
  it("defaults to the documented schedule, 15 s timeout and the 5-day rule", () => {
    const c = deliveryConfig();
    expect(c.scheduleMs).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(c.scheduleMs).toBe(DEFAULT_SCHEDULE_MS);
    expect(c.timeoutMs).toBe(15_000);
    expect(c.disableAfterMs).toBe(5 * 24 * 3600_000);
  });
  it("reads overrides from the environment", () => {
    process.env.WEBHOOK_RETRY_SCHEDULE_MS = "0, 10, 20";
    process.env.WEBHOOK_TIMEOUT_MS = "250";
    expect(deliveryConfig()).toMatchObject({ scheduleMs: [0, 10, 20], timeoutMs: 250 });
  });
});

describe("endpoint input", () => {
  it("names each field that needs attention", () => {
    const r = endpointInput.safeParse({ url: "not a url", eventTypes: [], rateLimitPerSecond: "0" });
    expect(r.success).toBe(false);
    const fields = new Set(r.error!.issues.map((i) => i.path.join(".")));
    expect(fields).toEqual(new Set(["url", "eventTypes", "rateLimitPerSecond"]));
  });
  it("accepts an empty rate limit as none, and drops duplicate types", () => {
    const r = endpointInput.parse({ url: "https://example.com/h", eventTypes: ["event.published", "event.published"], rateLimitPerSecond: "" });
    expect(r).toMatchObject({ rateLimitPerSecond: null, eventTypes: ["event.published"], description: "" });
  });
});
