// /api/metrics scraped as Prometheus would, and its counters moving with real
// work: a provider call through the policy, an outbound webhook delivery, and
// callbacks. The exposition is read with a strict parser of the text format
// (prom-client writes it but has no parser).
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connector as sendgrid } from "@/lib/integrations/sendgrid/connector";
import { appKeyring } from "@/lib/vault/app-keyring";
import { configureWebhookDelivery } from "@/lib/webhooks/outbound/config";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { receiveWebhook } from "@/lib/webhooks/inbound/receive";
import { serveWorkerMetrics } from "@/lib/metrics/worker-endpoint";
import { insertConnection } from "../helpers/connections";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { parsePrometheusText, sampleValue } from "../helpers/prometheus-text";
import { waitFor } from "../helpers/wait";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";

const { t, sandbox } = useIntegrationHarness();
// An obviously fake token, only for this file.
const TOKEN = "metrics-test-token-not-a-secret";
let route: typeof import("@/app/api/metrics/route");
let receiver: Receiver;
let connectionId: string;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  process.env.METRICS_TOKEN = TOKEN;
  route = await import("@/app/api/metrics/route");
  receiver = await startReceiver();
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${receiver.port}`;
  configureWebhookDelivery({ timeoutMs: 2_000 });
  const row = await insertConnection(t.db, { orgId: t.orgId, connectorId: "sendgrid", credentials: { apiKey: "SG.metrics-test.key12345" }, settings: { fromEmail: "tickets@demo.example" } });
  connectionId = row.id;
});
afterAll(async () => {
  await receiver?.stop();
  configureWebhookDelivery({});
  delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
  delete process.env.METRICS_TOKEN;
});

const get = (authorization?: string) =>
  route.GET(new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} }) as Parameters<typeof route.GET>[0]);

async function scrape() {
  const res = await get(`Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

describe("/api/metrics", () => {
  it("is off without METRICS_TOKEN, and refuses a missing or wrong token", async () => {
    delete process.env.METRICS_TOKEN;
    const off = await get(`Bearer ${TOKEN}`);
    expect(off.status).toBe(404);
    expect((await off.json()).error).toMatch(/set METRICS_TOKEN/);
    process.env.METRICS_TOKEN = TOKEN;

    const none = await get();
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await get(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await get(`Bearer ${TOKEN.slice(0, -1)}`)).status).toBe(401);
    expect((await get(`Basic ${TOKEN}`)).status).toBe(401);
    expect((await get("Bearer ")).status).toBe(401);
  });

  it("exposes process metrics and every Switchboard family with bounded labels", async () => {
    const families = await scrape();
    expect(families.get("process_cpu_user_seconds_total")?.type).toBe("counter");
    expect(families.get("nodejs_eventloop_lag_seconds")?.type).toBe("gauge");
    expect(families.get("switchboard_circuit_breakers")?.type).toBe("gauge");
    expect(families.get("switchboard_queue_jobs")?.type).toBe("gauge");
    expect(families.get("switchboard_queue_oldest_ready_job_age_seconds")?.type).toBe("gauge");
    expect(sampleValue(families, "switchboard_metrics_database_readable", { part: "queue" })).toBe(1);
    // No label anywhere carries an organization, a connection or a URL.
    for (const f of families.values()) {
      for (const s of f.samples) {
        for (const v of Object.values(s.labels)) {
          expect(v).not.toContain(t.orgId);
          expect(v).not.toContain(connectionId);
          expect(v).not.toMatch(/^https?:/);
        }
      }
    }
  });

  it("counts a provider call by provider, operation and outcome, with its latency", async () => {
    const labels = { provider: "sendgrid", operation: "scopes" };
    const before = await scrape();
    await sandbox.control("faults", { provider: "sendgrid", match: "/v3/scopes", kind: "status", status: 500, times: 1 });
    const row = (await findConnection(t.db, t.orgId, "sendgrid"))!;
    const ctx = await connectorContext(t.db, appKeyring(), sendgrid, row, { policy: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 } });
    await sendgrid.testConnection(ctx);
    const after = await scrape();
    const delta = (name: string, l: Record<string, string>) => sampleValue(after, name, l) - sampleValue(before, name, l);
    expect(delta("switchboard_provider_calls_total", { ...labels, outcome: "failure" })).toBe(1);
    expect(delta("switchboard_provider_calls_total", { ...labels, outcome: "success" })).toBe(1);
    expect(delta("switchboard_provider_call_duration_seconds_count", labels)).toBe(2);
    expect(sampleValue(after, "switchboard_circuit_breakers", { provider: "sendgrid", state: "closed" })).toBe(1);
  });

  it("reports an open breaker per provider, read from the database at scrape time", async () => {
    await sql`insert into circuit_breakers (connection_id, org_id, state, opened_at) values (${connectionId}, ${t.orgId}, 'open', now())
              on conflict (connection_id) do update set state = 'open', opened_at = now()`.execute(t.db);
    const families = await scrape();
    expect(sampleValue(families, "switchboard_circuit_breakers", { provider: "sendgrid", state: "open" })).toBe(1);
    expect(sampleValue(families, "switchboard_circuit_breakers", { provider: "sendgrid", state: "closed" })).toBe(0);
    await sql`delete from circuit_breakers where connection_id = ${connectionId}`.execute(t.db);
  });

  it("reports queue depth and the age of the oldest job waiting", async () => {
    // A task no worker here runs: it waits, due for 90 seconds.
    await sql`select graphile_worker.add_job('metrics_probe', '{}'::json, run_at := now() - interval '90 seconds')`.execute(t.db);
    await sql`select graphile_worker.add_job('metrics_probe', '{}'::json, run_at := now() + interval '1 hour')`.execute(t.db);
    const families = await scrape();
    expect(sampleValue(families, "switchboard_queue_jobs", { task: "metrics_probe", state: "ready" })).toBe(1);
    expect(sampleValue(families, "switchboard_queue_jobs", { task: "metrics_probe", state: "scheduled" })).toBe(1);
    const age = sampleValue(families, "switchboard_queue_oldest_ready_job_age_seconds", { task: "metrics_probe" });
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(150);
    await sql`delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'metrics_probe')`.execute(t.db);
  });

  it("counts outbound webhook deliveries and their lag", async () => {
    const before = await scrape();
    const { endpoint: ep } = await insertEndpoint(t.db, { orgId: t.orgId, url: receiver.url("/metrics"), description: "metrics", eventTypes: ["event.published"], source: "admin", rateLimitPerSecond: null });
    await makePublishedEvent(t.db, t.orgId);
    await waitFor(
      async () => (await t.db.selectFrom("webhook_messages").select("status").where("endpoint_id", "=", ep.id).executeTakeFirst())?.status === "succeeded",
      { what: "the webhook delivery" },
    );
    const after = await scrape();
    const delta = (name: string, l: Record<string, string>) => sampleValue(after, name, l) - sampleValue(before, name, l);
    expect(delta("switchboard_webhook_delivery_attempts_total", { outcome: "succeeded" })).toBe(1);
    expect(delta("switchboard_webhook_delivery_lag_seconds_count", { delivered: "true" })).toBe(1);
  });

  it("counts callbacks by provider and result, with one label for names no connector has", async () => {
    const before = await scrape();
    const refused = await receiveWebhook(t.db, { provider: "sendgrid", connectionId, rawBody: "[]", headers: new Headers({ "content-type": "application/json" }) });
    expect(refused.status).toBe(400);
    const unknown = await receiveWebhook(t.db, { provider: "made-up-provider", connectionId: null, rawBody: "{}", headers: new Headers() });
    expect(unknown.status).toBe(404);
    const after = await scrape();
    const delta = (l: Record<string, string>) => sampleValue(after, "switchboard_callbacks_received_total", l) - sampleValue(before, "switchboard_callbacks_received_total", l);
    expect(delta({ provider: "sendgrid", result: "refused" })).toBe(1);
    expect(delta({ provider: "unknown", result: "unknown_provider" })).toBe(1);
    expect([...after.get("switchboard_callbacks_received_total")!.samples].some((s) => s.labels.provider === "made-up-provider")).toBe(false);
  });

  it("is served the same way by a separate worker process on its own port", async () => {
    const server = await serveWorkerMetrics(t.db, 0, "127.0.0.1");
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      expect((await fetch(`${base}/other`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
      const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const families = parsePrometheusText(await res.text());
      expect(families.get("switchboard_queue_jobs")?.type).toBe("gauge");
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
