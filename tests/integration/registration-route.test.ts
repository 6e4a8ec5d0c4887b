// The public registration route as an HTTP client sees it: status codes and
// field-level error bodies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";

let t: TestDatabase;
let POST: typeof import("@/app/api/public/events/[slug]/registrations/route").POST;

beforeAll(async () => {
  t = await freshDatabase();
  // The route uses the process-wide pool, which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = t.url;
  ({ POST } = await import("@/app/api/public/events/[slug]/registrations/route"));
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

function call(slug: string, body: string) {
  const req = new Request(`http://localhost/api/public/events/${slug}/registrations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return POST(req, { params: Promise.resolve({ slug }) });
}

describe("POST /api/public/events/:slug/registrations", () => {
  it("answers 201 with the order and attendees", async () => {
    const org = await makeOrg(t.db);
    const { event, ticketType } = await makePublishedEvent(t.db, org.id);
    const res = await call(event.slug, JSON.stringify({ ticketTypeId: ticketType.id, quantity: 1, name: "Ana", email: "ana@example.com" }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.order.status).toBe("paid");
    expect(body.attendees).toHaveLength(1);
  });

  it("answers 400 naming each bad field", async () => {
    const org = await makeOrg(t.db);
    const { event, ticketType } = await makePublishedEvent(t.db, org.id);
    const res = await call(event.slug, JSON.stringify({ ticketTypeId: ticketType.id, quantity: 0, name: "", email: "not-an-email" }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe("validation_failed");
    expect(Object.keys(body.fields).sort()).toEqual(["email", "name", "quantity"]);
    expect(body.fields.email[0]).toMatch(/valid e-mail/);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await call("anything", "{not json");
    expect(res.status).toBe(400);
    expect((await res.json()).fields._body[0]).toMatch(/JSON/);
  });

  it("answers 404 for an unknown event and 409 when sold out", async () => {
    expect((await call("no-such-event", JSON.stringify({ ticketTypeId: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b", quantity: 1, name: "A", email: "a@example.com" }))).status).toBe(404);
    const org = await makeOrg(t.db);
    const { event, ticketType } = await makePublishedEvent(t.db, org.id, { capacity: 1 });
    const body = (n: number) => JSON.stringify({ ticketTypeId: ticketType.id, quantity: 1, name: `G${n}`, email: `g${n}@example.com` });
    expect((await call(event.slug, body(1))).status).toBe(201);
    const full = await call(event.slug, body(2));
    expect(full.status).toBe(409);
    expect((await full.json()).message).toBe("Sold out: there are no places left.");
  });
});
