// API keys as a machine client meets them (withApiKey), and the idempotency
// helper the Zapier actions and /api/v1 share.
import { NextResponse } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/service";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { call, makeApiKey } from "../helpers/zapier";

let t: TestDatabase;
let withApiKey: typeof import("@/lib/http/api-auth").withApiKey;
let idempotent: typeof import("@/lib/http/idempotency").idempotent;
let registrations: typeof import("@/app/api/zapier/actions/registrations/route").POST;
let me: typeof import("@/app/api/zapier/me/route").GET;

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  ({ withApiKey } = await import("@/lib/http/api-auth"));
  ({ idempotent } = await import("@/lib/http/idempotency"));
  ({ POST: registrations } = await import("@/app/api/zapier/actions/registrations/route"));
  ({ GET: me } = await import("@/app/api/zapier/me/route"));
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

const echo = () =>
  withApiKey<Record<string, never>>(async (_req, api) => NextResponse.json(api));

describe("withApiKey", () => {
  it("answers 401 with WWW-Authenticate when no key is sent", async () => {
    const res = await call(echo(), "GET", "/x", {});
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await res.json()).error).toBe("unauthorized");
  });

  it("accepts the key in X-API-Key and in Authorization: Bearer, and records when it was used", async () => {
    const org = await makeOrg(t.db);
    const key = await makeApiKey(t.db, org.id);
    const a = await call(echo(), "GET", "/x", {}, { key: key.key });
    expect(a.status).toBe(200);
    expect(await a.json()).toEqual({ apiKeyId: key.id, orgId: org.id });
    const b = await call(echo(), "GET", "/x", {}, { headers: { authorization: `Bearer ${key.key}` } });
    expect(b.status).toBe(200);
    const [row] = await listApiKeys(t.db, org.id);
    expect(row!.last_used_at).toBeInstanceOf(Date);
  });

  it("answers 401 to a forged key, and the action behind it does nothing", async () => {
    const org = await makeOrg(t.db);
    const real = await makeApiKey(t.db, org.id);
    const { event, ticketType } = await makePublishedEvent(t.db, org.id);
    // Same prefix and length as a real key, one character changed; and a key of another shape.
    const forged = real.key.slice(0, -1) + (real.key.endsWith("A") ? "B" : "A");
    for (const key of [forged, "sbk_" + "x".repeat(40), "not-a-key", "Bearer"]) {
      const res = await call(registrations, "POST", "/api/zapier/actions/registrations", {}, {
        key,
        body: { event_id: event.id, ticket_type_id: ticketType.id, name: "Mallory", email: "mallory@example.com" },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBeTruthy();
    }
    const orders = await t.db.selectFrom("orders").select("id").where("event_id", "=", event.id).execute();
    expect(orders).toHaveLength(0);
    const keys = await t.db.selectFrom("api_idempotency_keys").select("idempotency_key").execute();
    expect(keys).toHaveLength(0);
  });

  it("answers 401 once a key is revoked", async () => {
    const org = await makeOrg(t.db, "Revoking Org");
    const key = await makeApiKey(t.db, org.id);
    expect((await call(me, "GET", "/api/zapier/me", {}, { key: key.key })).status).toBe(200);
    await revokeApiKey(t.db, org.id, key.id);
    const res = await call(me, "GET", "/api/zapier/me", {}, { key: key.key });
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/revoked/);
  });

  it("a key only ever speaks for its own organization", async () => {
    const a = await makeOrg(t.db, "Org A");
    const b = await makeOrg(t.db, "Org B");
    const keyB = await createApiKey(t.db, b.id, null, { name: "B" });
    const res = await call(me, "GET", "/api/zapier/me", {}, { key: keyB.key });
    const body = await res.json();
    expect(body.id).toBe(b.id);
    expect(body.id).not.toBe(a.id);
    expect(body.org_name).toBe("Org B");
    expect(body.api_key.prefix).toBe(keyB.prefix);
  });
});

describe("revoking a key", () => {
  it("removes the Zapier subscriptions it made, and only those", async () => {
    const { insertEndpoint } = await import("@/lib/webhooks/outbound/endpoint-store");
    const { removeHooksOfKey } = await import("@/lib/zapier/hooks");
    const org = await makeOrg(t.db);
    const revoked = await makeApiKey(t.db, org.id, "old");
    const kept = await makeApiKey(t.db, org.id, "new");
    const mk = (apiKeyId: string | null, source: "admin" | "zapier") =>
      insertEndpoint(t.db, { orgId: org.id, url: "https://hooks.zapier.com/x", eventTypes: ["event.created"], source, apiKeyId });
    const a = await mk(revoked.id, "zapier");
    const b = await mk(kept.id, "zapier");
    const c = await mk(null, "admin");
    await revokeApiKey(t.db, org.id, revoked.id);
    expect(await removeHooksOfKey(t.db, org.id, revoked.id)).toBe(1);
    const left = await t.db.selectFrom("webhook_endpoints").select("id").where("org_id", "=", org.id).execute();
    expect(left.map((r) => r.id).sort()).toEqual([b.endpoint.id, c.endpoint.id].sort());
    expect(left.map((r) => r.id)).not.toContain(a.endpoint.id);
  });
});

describe("idempotent", () => {
  async function ctx() {
    const org = await makeOrg(t.db);
    const key = await makeApiKey(t.db, org.id);
    return { apiKeyId: key.id, orgId: org.id };
  }
  const req = (key: string | null, body = "{}") =>
    new Request("http://localhost/api/thing", { method: "POST", headers: key ? { "idempotency-key": key } : {}, body });

  it("runs the work every time without the header", async () => {
    const api = await ctx();
    let n = 0;
    const work = async () => NextResponse.json({ n: ++n }, { status: 201 });
    await idempotent(req(null), api, "{}", work);
    await idempotent(req(null), api, "{}", work);
    expect(n).toBe(2);
  });

  it("replays the stored answer, 422s a different body, and keeps 4xx answers", async () => {
    const api = await ctx();
    let n = 0;
    const work = async () => NextResponse.json({ n: ++n }, { status: 201 });
    const first = await idempotent(req("k1"), api, "{}", work);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await idempotent(req("k1"), api, "{}", work);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual({ n: 1 });
    const other = await idempotent(req("k1", '{"a":1}'), api, '{"a":1}', work);
    expect(other.status).toBe(422);
    expect((await other.json()).error).toBe("idempotency_key_reused");
    expect(n).toBe(1);

    const notFound = async () => { n++; return NextResponse.json({ error: "not_found" }, { status: 404 }); };
    expect((await idempotent(req("k2"), api, "{}", notFound)).status).toBe(404);
    const replay = await idempotent(req("k2"), api, "{}", notFound);
    expect(replay.status).toBe(404);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(n).toBe(2);
  });

  it("frees the key after a 5xx or a thrown error, so a retry runs the work", async () => {
    const api = await ctx();
    let n = 0;
    const fails = async () => { n++; return NextResponse.json({ error: "internal" }, { status: 500 }); };
    const throws = async (): Promise<Response> => { n++; throw new Error("boom"); };
    const ok = async () => { n++; return NextResponse.json({ ok: true }, { status: 200 }); };
    expect((await idempotent(req("k3"), api, "{}", fails)).status).toBe(500);
    await expect(idempotent(req("k3"), api, "{}", throws)).rejects.toThrow("boom");
    const res = await idempotent(req("k3"), api, "{}", ok);
    expect(res.status).toBe(200);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(n).toBe(3);
  });

  it("answers 409 to a repeat while the first is still running", async () => {
    const api = await ctx();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let n = 0;
    const slow = async () => { n++; await gate; return NextResponse.json({ done: true }, { status: 201 }); };
    const first = idempotent(req("k4"), api, "{}", slow);
    await new Promise((r) => setTimeout(r, 100));
    const second = await idempotent(req("k4"), api, "{}", slow);
    expect(second.status).toBe(409);
    expect((await second.json()).error).toBe("idempotency_in_progress");
    release();
    expect((await first).status).toBe(201);
    expect(n).toBe(1);
  });

  it("replays an answer without a body", async () => {
    const api = await ctx();
    let n = 0;
    const noContent = async () => { n++; return new Response(null, { status: 204 }); };
    expect((await idempotent(req("k5"), api, "{}", noContent)).status).toBe(204);
    const again = await idempotent(req("k5"), api, "{}", noContent);
    expect(again.status).toBe(204);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(n).toBe(1);
  });

  it("keeps keys apart per API key", async () => {
    const a = await ctx();
    const b = await ctx();
    let n = 0;
    const work = async () => NextResponse.json({ n: ++n }, { status: 201 });
    await idempotent(req("shared"), a, "{}", work);
    const res = await idempotent(req("shared"), b, "{}", work);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(n).toBe(2);
  });
});
