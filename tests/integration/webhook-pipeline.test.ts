// The inbound webhook route with Stripe's own signing scheme: bad signatures of
// every kind are refused with 400 and store nothing; a good event is stored once
// however often it arrives, and processed once.
import Stripe from "stripe";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertConnection } from "../helpers/connections";
import { makeOrg } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
const signer = new Stripe("sk_test_signing_only_0000").webhooks;
const SECRET_A = "whsec_testsecretfororganizationa0001";
const SECRET_B = "whsec_testsecretfororganizationb0002";
let POST: typeof import("@/app/api/webhooks/[provider]/route").POST;
let connectionA: string;
let connectionB: string;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  ({ POST } = await import("@/app/api/webhooks/[provider]/route"));
  const creds = (webhookSecret: string) => ({ secretKey: "sk_test_fakesecret00001", publishableKey: "pk_test_fakepublish0001", webhookSecret });
  connectionA = (await insertConnection(t.db, { orgId: t.orgId, connectorId: "stripe", credentials: creds(SECRET_A) })).id;
  const orgB = await makeOrg(t.db, "B");
  connectionB = (await insertConnection(t.db, { orgId: orgB.id, connectorId: "stripe", credentials: creds(SECRET_B) })).id;
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

let n = 0;
function stripeEvent(type = "checkout.session.completed", extra: Record<string, unknown> = {}) {
  n++;
  return JSON.stringify({ id: `evt_test_${Date.now()}_${n}`, object: "event", type, created: Math.floor(Date.now() / 1000), data: { object: { id: `cs_test_${n}`, object: "checkout.session", metadata: {} } }, ...extra });
}

function send(body: string, signature: string | null, connection = connectionA) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  return POST(new Request(`http://localhost/api/webhooks/stripe?connection=${connection}`, { method: "POST", headers, body }), { params: Promise.resolve({ provider: "stripe" }) });
}

const sign = (body: string, secret = SECRET_A, timestamp = Math.floor(Date.now() / 1000)) => signer.generateTestHeaderString({ payload: body, secret, timestamp });

async function stored(externalId?: string) {
  const q = t.db.selectFrom("webhook_events").select(["external_id", "status"]);
  return externalId ? q.where("external_id", "=", externalId).execute() : q.execute();
}

async function jobsFor(id: string) {
  const r = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where key = ${"webhook:" + id}`.execute(t.db);
  return Number(r.rows[0]!.n);
}

describe("POST /api/webhooks/stripe", () => {
  it("refuses a forged signature, a missing one, another organization's secret, a stale timestamp and an altered body, storing nothing", async () => {
    const before = (await stored()).length;
    const body = stripeEvent();
    const cases: Array<[string, string | null, string]> = [
      ["forged", "t=1700000000,v1=" + "ab".repeat(32), body],
      ["missing", null, body],
      ["other org's secret", sign(body, SECRET_B), body],
      ["10 minutes old", sign(body, SECRET_A, Math.floor(Date.now() / 1000) - 600), body],
      ["altered after signing", sign(body), body.replace("checkout.session.completed", "charge.refunded")],
    ];
    for (const [name, signature, payload] of cases) {
      const res = await send(payload, signature);
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(await res.json()).toEqual({ error: "Signature verification failed" });
    }
    expect((await stored()).length).toBe(before);
  });

  it("refuses malformed JSON even when signed, an unknown connection, and a 2 MB body", async () => {
    const bad = "{not json";
    expect((await send(bad, sign(bad))).status).toBe(400);
    const body = stripeEvent();
    expect((await send(body, sign(body), "00000000-0000-4000-8000-000000000000")).status).toBe(400);
    const big = JSON.stringify({ id: "evt_big", type: "x", padding: "x".repeat(2 * 1024 * 1024) });
    const res = await POST(
      new Request(`http://localhost/api/webhooks/stripe?connection=${connectionA}`, { method: "POST", headers: { "content-length": String(big.length), "stripe-signature": sign(big) }, body: big }),
      { params: Promise.resolve({ provider: "stripe" }) },
    );
    expect(res.status).toBe(413);
    expect(await stored("evt_big")).toHaveLength(0);
  });

  it("answers 404 for a provider that sends no callbacks", async () => {
    // Every registered connector takes callbacks now (Google Calendar's push channels too): a name outside the registry stands for one that does not.
    const res = await POST(new Request("http://localhost/api/webhooks/no-such-provider", { method: "POST", body: "{}" }), { params: Promise.resolve({ provider: "no-such-provider" }) });
    expect(res.status).toBe(404);
  });

  it("stores a valid event once and queues it once, even when it arrives 20 times at once", async () => {
    const body = stripeEvent("charge.succeeded");
    const id = JSON.parse(body).id;
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(body, sign(body))));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(bodies.filter((b) => b.duplicate === false)).toHaveLength(1);
    const rows = await t.db.selectFrom("webhook_events").selectAll().where("external_id", "=", id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.org_id).toBe(t.orgId);
    expect(rows[0]!.headers).toMatchObject({ "stripe-signature": expect.stringMatching(/^t=\d+,v1=/) });
    expect(await jobsFor(rows[0]!.id)).toBe(1);
  });

  it("keys a callback by its receiving connection: the same event id sent to two organizations' connections is stored for each, and a repeat per connection is a no-op", async () => {
    const body = stripeEvent("charge.succeeded");
    const id = JSON.parse(body).id;
    const duplicates: boolean[] = [];
    for (let i = 0; i < 2; i++) {
      for (const [secret, connection] of [[SECRET_A, connectionA], [SECRET_B, connectionB]] as const) {
        const res = await send(body, sign(body, secret), connection);
        expect(res.status).toBe(200);
        duplicates.push((await res.json()).duplicate);
      }
    }
    expect(duplicates).toEqual([false, false, true, true]);
    const rows = await t.db.selectFrom("webhook_events").select(["id", "connection_id", "org_id"]).where("external_id", "=", id).execute();
    expect(rows.map((r) => r.connection_id).sort()).toEqual([connectionA, connectionB].sort());
    expect(new Set(rows.map((r) => r.org_id)).size).toBe(2);
    for (const row of rows) expect(await jobsFor(row.id)).toBe(1);
  });

  it("stores an unknown event type and processes it as ignored", async () => {
    const { processWebhookEvent } = await import("@/lib/webhooks/inbound/process");
    const body = stripeEvent("customer.created");
    expect((await send(body, sign(body))).status).toBe(200);
    const row = await t.db.selectFrom("webhook_events").selectAll().where("external_id", "=", JSON.parse(body).id).executeTakeFirstOrThrow();
    expect(await processWebhookEvent(t.db, row.id)).toEqual({ status: "ignored", outcome: "customer.created is not used by Switchboard" });
    const after = await t.db.selectFrom("webhook_events").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "ignored", attempts: 1 });
    expect(after.processed_at).toBeInstanceOf(Date);
  });
});
