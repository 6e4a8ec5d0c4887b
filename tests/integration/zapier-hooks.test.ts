// Zapier REST hooks end to end: subscribe with an API key, a fact happens, the
// delivery engine (real graphile-worker) posts it to the Zap's URL, unsubscribe
// stops it, and a 410 from Zapier ends the subscription. Plus the auth test,
// the samples ("perform list") and organization isolation.
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "@/lib/jobs/runner";
import { domainEventCatalog } from "@/lib/domain/outbox/catalog";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { configureWebhookDelivery } from "@/lib/webhooks/outbound/config";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { outboundWebhooksSource } from "@/lib/webhooks/outbound/subscriber";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { waitFor } from "../helpers/wait";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { call, makeApiKey } from "../helpers/zapier";

let t: TestDatabase;
let receiver: Receiver;
let runner: Runner;
let hooks: typeof import("@/app/api/zapier/hooks/route").POST;
let hook: typeof import("@/app/api/zapier/hooks/[id]/route").DELETE;
let sample: typeof import("@/app/api/zapier/triggers/[event]/sample/route").GET;
let eventsList: typeof import("@/app/api/zapier/events/route").GET;
let ticketTypes: typeof import("@/app/api/zapier/ticket-types/route").GET;
let orgId: string;
let key: string;

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  receiver = await startReceiver();
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${receiver.port}`;
  configureWebhookDelivery({ scheduleMs: [0, 60, 60], timeoutMs: 2000 });
  ({ POST: hooks } = await import("@/app/api/zapier/hooks/route"));
  ({ DELETE: hook } = await import("@/app/api/zapier/hooks/[id]/route"));
  ({ GET: sample } = await import("@/app/api/zapier/triggers/[event]/sample/route"));
  ({ GET: eventsList } = await import("@/app/api/zapier/events/route"));
  ({ GET: ticketTypes } = await import("@/app/api/zapier/ticket-types/route"));
  orgId = (await makeOrg(t.db, "Hooked Org")).id;
  key = (await makeApiKey(t.db, orgId)).key;
  runner = await startWorker({ connectionString: t.url, db: t.db, sources: [outboundWebhooksSource], pollInterval: 50, concurrency: 2 });
});
afterAll(async () => {
  await runner?.stop();
  await receiver?.stop();
  configureWebhookDelivery({});
  delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

const subscribe = (body: unknown, k = key) => call(hooks, "POST", "/api/zapier/hooks", {}, { key: k, body });
const unsubscribe = (id: string, k = key) => call(hook, "DELETE", `/api/zapier/hooks/${id}`, { id }, { key: k });
const endpointRow = (id: string) => t.db.selectFrom("webhook_endpoints").selectAll().where("id", "=", id).executeTakeFirst();
const register = (slug: string, ticketTypeId: string, n: number) =>
  registerFree(t.db, slug, { ticketTypeId, quantity: 1, name: `Guest ${n}`, email: `guest${n}@example.com` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("subscribe and unsubscribe", () => {
  it("subscribes a Zap, delivers each matching fact signed to its URL, and stops after unsubscribe", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const res = await subscribe({ target_url: receiver.url("/zap/loop"), event: "registration.created" });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const row = await endpointRow(id);
    expect(row).toMatchObject({ org_id: orgId, source: "zapier", event_types: ["registration.created"], enabled: true, url: receiver.url("/zap/loop") });
    expect(row!.api_key_id).not.toBeNull();

    const { order } = await register(event.slug, ticketType.id, 1);
    const [delivered] = await waitFor(async () => (receiver.received("/zap/loop").length ? receiver.received("/zap/loop") : undefined), { what: "the Zapier delivery" });
    expect(delivered!.headers["webhook-id"]).toMatch(/^msg_/);
    expect(delivered!.headers["webhook-signature"]).toMatch(/^v1,/);
    const body = JSON.parse(delivered!.body);
    expect(body.type).toBe("registration.created");
    expect(body.data.order.id).toBe(order.id);

    // The sample Zapier shows has exactly the fields of what was delivered.
    const samples = await (await call(sample, "GET", "/api/zapier/triggers/registration.created/sample", { event: "registration.created" }, { key })).json();
    expect(samples[0]).toEqual(body);

    const del = await unsubscribe(id);
    expect(del.status).toBe(204);
    expect(await endpointRow(id)).toBeUndefined();
    await register(event.slug, ticketType.id, 2);
    await sleep(1500);
    expect(receiver.received("/zap/loop")).toHaveLength(1);
  });

  it("only delivers the subscribed fact type", async () => {
    const { id } = await (await subscribe({ target_url: receiver.url("/zap/published"), event: "event.published" })).json();
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    await register(event.slug, ticketType.id, 3);
    const got = await waitFor(async () => (receiver.received("/zap/published").length ? receiver.received("/zap/published") : undefined), { what: "event.published" });
    await sleep(800);
    expect(receiver.received("/zap/published")).toHaveLength(1);
    expect(JSON.parse(got[0]!.body).type).toBe("event.published");
    await unsubscribe(id);
  });

  it("ends the subscription when Zapier answers 410 Gone", async () => {
    receiver.on("/zap/gone", () => ({ status: 410, body: "gone" }));
    const { id } = await (await subscribe({ target_url: receiver.url("/zap/gone"), event: "registration.created" })).json();
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    await register(event.slug, ticketType.id, 4);
    await waitFor(async () => (await endpointRow(id)) === undefined, { what: "the subscription to be removed after 410" });
    expect(receiver.received("/zap/gone")).toHaveLength(1);
  });

  it("answers 422 for an unknown event type or an unsafe target URL, 400 for malformed JSON", async () => {
    const bad = await subscribe({ target_url: receiver.url("/x"), event: "event.updated" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields.event[0]).toMatch(/registration\.created/);
    for (const target_url of ["http://169.254.169.254/latest/meta-data", "http://10.0.0.1/hook", "ftp://hooks.zapier.com/x", "not a url", "http://localhost:8080/x"]) {
      const res = await subscribe({ target_url, event: "registration.created" });
      expect(res.status, target_url).toBe(422);
      expect((await res.json()).fields.target_url).toHaveLength(1);
    }
    const missing = await subscribe({});
    expect(Object.keys((await missing.json()).fields).sort()).toEqual(["event", "target_url"]);
    const malformed = await call(hooks, "POST", "/api/zapier/hooks", {}, { key, raw: "{" });
    expect(malformed.status).toBe(400);
    const count = await t.db.selectFrom("webhook_endpoints").select("id").where("url", "like", "%169.254%").execute();
    expect(count).toHaveLength(0);
  });

  it("another organization's key cannot delete the hook, nor delete admin endpoints", async () => {
    const { id } = await (await subscribe({ target_url: receiver.url("/zap/mine"), event: "event.created" })).json();
    const other = await makeOrg(t.db, "Intruder Org");
    const otherKey = (await makeApiKey(t.db, other.id)).key;
    const res = await unsubscribe(id, otherKey);
    expect(res.status).toBe(404);
    expect(await endpointRow(id)).toBeDefined();
    // The org's own key cannot remove an endpoint an admin added under Settings → Webhooks.
    const { endpoint: admin } = await insertEndpoint(t.db, { orgId, url: receiver.url("/admin"), eventTypes: ["event.created"], source: "admin" });
    expect((await unsubscribe(admin.id)).status).toBe(404);
    expect(await endpointRow(admin.id)).toBeDefined();
    expect((await unsubscribe("not-a-uuid")).status).toBe(404);
    expect((await unsubscribe(id)).status).toBe(204);
  });

  it("refuses a forged or missing key", async () => {
    const res = await subscribe({ target_url: receiver.url("/zap/forged"), event: "event.created" }, "sbk_forgedforgedforgedforgedforged");
    expect(res.status).toBe(401);
    expect((await call(hooks, "POST", "/api/zapier/hooks", {}, { body: {} })).status).toBe(401);
    const rows = await t.db.selectFrom("webhook_endpoints").select("id").where("url", "=", receiver.url("/zap/forged")).execute();
    expect(rows).toHaveLength(0);
  });
});

describe("samples (perform list)", () => {
  it("gives one schema-valid example for each trigger when the organization has no such fact", async () => {
    const fresh = await makeOrg(t.db, "Empty Org");
    const k = (await makeApiKey(t.db, fresh.id)).key;
    for (const type of ["registration.created", "registration.cancelled", "ticket.purchased", "ticket.refunded", "attendee.checked_in", "event.created", "event.published", "event.cancelled"] as const) {
      const res = await call(sample, "GET", `/api/zapier/triggers/${type}/sample`, { event: type }, { key: k });
      expect(res.status).toBe(200);
      const items = await res.json();
      expect(items).toHaveLength(1);
      expect(Object.keys(items[0])).toEqual(["type", "timestamp", "data"]);
      expect(items[0].type).toBe(type);
      expect(() => domainEventCatalog[type].schema.parse(items[0].data)).not.toThrow();
    }
  });

  it("gives the organization's latest real facts, newest first, and never another organization's", async () => {
    const other = await makeOrg(t.db, "Other Samples");
    await makePublishedEvent(t.db, other.id);
    const mine = await makePublishedEvent(t.db, orgId);
    const items = await (await call(sample, "GET", "/api/zapier/triggers/event.published/sample", { event: "event.published" }, { key })).json();
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items.length).toBeLessThanOrEqual(3);
    expect(items[0].data.event.id).toBe(mine.event.id);
    const otherEvents = await t.db.selectFrom("events").select("id").where("org_id", "=", other.id).execute();
    for (const i of items) expect(otherEvents.map((e) => e.id)).not.toContain(i.data.event.id);
  });

  it("answers 404 for a type that is not a trigger", async () => {
    expect((await call(sample, "GET", "/api/zapier/triggers/event.updated/sample", { event: "event.updated" }, { key })).status).toBe(404);
  });
});

describe("dropdown lists", () => {
  it("lists the organization's events and an event's ticket types", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, orgId);
    const evs = await (await call(eventsList, "GET", "/api/zapier/events", {}, { key })).json();
    expect(evs.map((e: { id: string }) => e.id)).toContain(event.id);
    const tts = await (await call(ticketTypes, "GET", `/api/zapier/ticket-types?event_id=${event.id}`, {}, { key })).json();
    expect(tts).toEqual([{ id: ticketType.id, name: "General", price_minor: 0, currency: "EUR", quantity: 100, free: true }]);
    const other = await makeOrg(t.db);
    const theirs = await makePublishedEvent(t.db, other.id);
    expect((await call(ticketTypes, "GET", `/api/zapier/ticket-types?event_id=${theirs.event.id}`, {}, { key })).status).toBe(404);
  });
});
