// One fact followed by one trace: the request that records it, the job that
// fans it out, the job that delivers it to a connection, and the provider call
// that job makes, exported over OTLP (HTTP, JSON) to a local receiver.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { flushTracing, startTracing } from "@/lib/tracing/setup";
import { insertConnection } from "../helpers/connections";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox } = useIntegrationHarness();

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

let server: Server;
const spans: ExportedSpan[] = [];
const bodies: string[] = [];

// OTLP/JSON writes ids as hex; some exporters write them base64 as in protobuf's JSON mapping.
const hex = (id: string | undefined) => (!id ? undefined : /^[0-9a-f]+$/.test(id) ? id : Buffer.from(id, "base64").toString("hex"));
type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
const valueOf = (v: OtlpValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue));

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    bodies.push(body);
    const json = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Omit<ExportedSpan, "attributes"> & { attributes?: Array<{ key: string; value: OtlpValue }> }> }> }> };
    for (const rs of json.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        for (const s of ss.spans) {
          spans.push({
            traceId: hex(s.traceId)!,
            spanId: hex(s.spanId)!,
            parentSpanId: hex(s.parentSpanId),
            name: s.name,
            attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, valueOf(a.value)])),
          });
        }
      }
    }
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  process.env.OTEL_EXPORTER_OTLP_PROTOCOL = "http/json";
  expect(await startTracing()).toBe(true);
  await insertConnection(t.db, { orgId: t.orgId, connectorId: "sendgrid", credentials: { apiKey: "SG.tracing-test.key12345" }, settings: { fromEmail: "tickets@demo.example" } });
});
afterAll(async () => {
  delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  delete process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
  await new Promise((r) => server?.close(r));
});

describe("tracing", () => {
  it("follows a fact from the request through the outbox and the jobs to the provider call", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const email = `tracy-${Date.now()}@example.com`;
    // In the running app Next.js opens this span for every request; here the test stands in for it.
    const requestSpan = await trace.getTracer("test").startActiveSpan("POST /api/public/events/[slug]/registrations", async (span) => {
      await registerFree(t.db, event.slug, { name: "Tracy Example", email, ticketTypeId: ticketType.id, quantity: 1 });
      span.end();
      return span.spanContext();
    });

    const fact = await t.db.selectFrom("domain_events").select(["id", "traceparent"]).where("type", "=", "registration.created").orderBy("occurred_at", "desc").executeTakeFirstOrThrow();
    expect(fact.traceparent).toMatch(new RegExp(`^00-${requestSpan.traceId}-${requestSpan.spanId}-0[01]$`));

    await waitFor(async () => (await sandbox.requests("sendgrid")).some((r) => JSON.stringify(r).includes(email)), { what: "the confirmation mail at the sandbox" });
    const callSpan = await waitFor(async () => {
      await flushTracing();
      return spans.find((s) => s.traceId === requestSpan.traceId && s.attributes["switchboard.provider"] === "sendgrid");
    }, { what: "the provider call's span" });

    const inTrace = spans.filter((s) => s.traceId === requestSpan.traceId);
    const byId = new Map(inTrace.map((s) => [s.spanId, s]));
    const dispatch = inTrace.find((s) => s.name === "job dispatch_domain_event");
    const deliver = inTrace.find((s) => s.name === "job deliver_to_subscriber" && byId.get(callSpan.parentSpanId ?? "") === s);
    expect(dispatch?.parentSpanId).toBe(requestSpan.spanId);
    expect(deliver?.parentSpanId).toBe(requestSpan.spanId);
    expect(callSpan.attributes).toMatchObject({ "switchboard.provider": "sendgrid", "switchboard.outcome": "success", "switchboard.attempts": 1 });
    expect(typeof callSpan.attributes["switchboard.operation"]).toBe("string");

    // What left for the collector names no person and carries no credential.
    const exported = bodies.join("\n");
    for (const leak of [email, "Tracy Example", "SG.tracing-test"]) expect(exported).not.toContain(leak);
    // Nor any URL beyond its origin: provider URLs carry secrets in their paths and queries.
    const withPath = /[a-z]+:\/\/[^\s/"]+\/[^\s"]/i;
    for (const s of spans) {
      expect(s.name, s.name).not.toMatch(withPath);
      for (const [key, value] of Object.entries(s.attributes)) if (typeof value === "string") expect(value, `${s.name}: ${key}`).not.toMatch(withPath);
    }
  });
});
