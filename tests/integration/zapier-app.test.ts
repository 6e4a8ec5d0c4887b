// The Zapier app (zapier-app/) run by the platform's own harness
// (createAppTester) against Switchboard's Zapier routes served over real HTTP,
// with the real database and the delivery worker: connect, subscribe, receive
// a delivery, list samples, fill the dropdowns, run every action, unsubscribe,
// and each way it can go wrong ending in a sentence the Zap's owner can act on.
import { createRequire } from "node:module";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiKey } from "@/lib/api-keys/service";
import { addTicketType } from "@/lib/domain/events/service";
import { startWorker } from "@/lib/jobs/runner";
import { configureWebhookDelivery } from "@/lib/webhooks/outbound/config";
import { outboundWebhooksSource } from "@/lib/webhooks/outbound/subscriber";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { serveRoutes } from "../helpers/route-server";
import { waitFor } from "../helpers/wait";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { makeApiKey } from "../helpers/zapier";
import { appTesterFor, failureOf, loadZapierApp, type AppTester } from "../helpers/zapier-app";

interface Message {
  id: string;
  type: string;
  timestamp: string;
  data: { order: { id: string }; attendees: Array<{ email: string }> };
}

const app = loadZapierApp();
const run: AppTester = appTesterFor(app);
const hook = () => app.triggers.registration_created!.operation;

let t: TestDatabase;
let receiver: Receiver;
let server: { url: string; stop: () => Promise<void> };
let runner: Runner;
let orgId: string;
let authData: { base_url: string; api_key: string };
let eventId: string;
let freeId: string;
let paidId: string;

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url;
  receiver = await startReceiver();
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${receiver.port}`;
  configureWebhookDelivery({ scheduleMs: [0, 60, 60], timeoutMs: 2000 });
  server = await serveRoutes("api/zapier");
  orgId = (await makeOrg(t.db, "Zapped Events")).id;
  authData = { base_url: server.url, api_key: (await makeApiKey(t.db, orgId, "Zapier")).key };
  const { event, ticketType } = await makePublishedEvent(t.db, orgId);
  eventId = event.id;
  freeId = ticketType.id;
  paidId = (await addTicketType(t.db, orgId, event.id, { name: "Supporter", price: "25", currency: "EUR", quantity: 10 })).id;
  runner = await startWorker({ connectionString: t.url, db: t.db, sources: [outboundWebhooksSource], pollInterval: 50, concurrency: 2 });
});
afterAll(async () => {
  await runner?.stop();
  await server?.stop();
  await receiver?.stop();
  configureWebhookDelivery({});
  delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});

describe("connecting", () => {
  it("tests the key against /me and labels the connection with the organization, key and host", async () => {
    const me = (await run(app.authentication.test, { authData })) as { org_name: string; api_key: { name: string } };
    expect(me).toMatchObject({ org_name: "Zapped Events", api_key: { name: "Zapier" } });
    expect(await run(app.authentication.connectionLabel, { authData, inputData: me })).toBe(`Zapped Events (Zapier) at ${new URL(server.url).host}`);
  });

  it("asks to reconnect, in Switchboard's words, when the key is wrong or revoked", async () => {
    const wrong = await failureOf(run(app.authentication.test, { authData: { ...authData, api_key: "sbk_not-a-real-key" } }));
    expect(wrong).toContain("Switchboard refused the API key: The API key is unknown or has been revoked. Create a new key under Settings → API keys and reconnect.");

    const doomed = await makeApiKey(t.db, orgId, "Doomed");
    await revokeApiKey(t.db, orgId, doomed.id);
    const revoked = await failureOf(run(app.triggers.event_list!.operation.perform, { authData: { ...authData, api_key: doomed.key } }));
    expect(revoked).toContain("Switchboard refused the API key");
  });

  it("says when the URL is not a Switchboard, cannot be reached, or is not https", async () => {
    const elsewhere = await failureOf(run(app.authentication.test, { authData: { ...authData, base_url: receiver.url("") } }));
    expect(elsewhere).toContain(`${receiver.url("/api/zapier/me")} did not answer like a Switchboard. Check the Switchboard URL.`);
    const wrongPath = await failureOf(run(app.authentication.test, { authData: { ...authData, base_url: `${server.url}/switchboard` } }));
    expect(wrongPath).toContain(`${server.url}/switchboard/api/zapier/me answered 404, not like a Switchboard. Check the Switchboard URL of this connection.`);
    const down = `http://127.0.0.1:${receiver.downPort}`;
    expect(await failureOf(run(app.authentication.test, { authData: { ...authData, base_url: down } }))).toContain(`Could not reach Switchboard at ${down}/api/zapier/me`);
    expect(await failureOf(run(app.authentication.test, { authData: { ...authData, base_url: "http://switchboard.example" } }))).toContain("must be reached over https");
  });
});

describe("REST-hook triggers", () => {
  it("subscribes, hands a real delivery on with an id, lists it as a sample, and unsubscribes", async () => {
    const path = "/zap/registrations";
    const subscribeData = (await run(hook().performSubscribe!, { authData, targetUrl: receiver.url(path) })) as { id: string };
    expect(subscribeData).toEqual({ id: expect.any(String), event: "registration.created", target_url: receiver.url(path) });

    const registration = (await run(app.creates.create_registration!.operation.perform, {
      authData,
      inputData: { event_id: eventId, ticket_type_id: freeId, name: "Zoe Zapier", email: "zoe@example.com", phone: "", quantity: "" },
    })) as { id: string };
    const [delivery] = await waitFor(async () => (receiver.received(path).length ? receiver.received(path) : undefined), { what: "the delivery to the Zap" });
    const [item] = (await run(hook().perform, { authData, cleanedRequest: JSON.parse(delivery!.body), rawRequest: { headers: delivery!.headers, content: delivery!.body } })) as Message[];
    expect(item!.type).toBe("registration.created");
    expect(item!.data.order.id).toBe(registration.id);
    expect(item!.id).toBe(`registration.created:${registration.id}:${item!.timestamp}`);

    const [latest] = (await run(hook().performList!, { authData })) as Message[];
    expect(latest).toEqual(item);

    expect(await run(hook().performUnsubscribe!, { authData, subscribeData })).toEqual({});
    const row = await t.db.selectFrom("webhook_endpoints").select("id").where("id", "=", subscribeData.id).executeTakeFirst();
    expect(row).toBeUndefined();
    // Gone already (a second unsubscribe, or a 410 ended it): nothing left to do, so no error.
    expect(await run(hook().performUnsubscribe!, { authData, subscribeData })).toEqual({});
  });

  it("samples a fact the organization has none of yet with the example the app ships", async () => {
    const samples = await run(app.triggers.event_cancelled!.operation.performList!, { authData });
    expect(samples).toEqual([app.triggers.event_cancelled!.operation.sample]);
  });

  it("refuses a target URL Switchboard will not deliver to, with its field message", async () => {
    const refused = await failureOf(run(hook().performSubscribe!, { authData, targetUrl: "http://10.0.0.1/hook" }));
    expect(refused).toContain("target_url:");
    expect(refused).toContain('"status":422');
  });
});

describe("dropdowns", () => {
  it("lists the events, and an event's ticket types telling free from paid", async () => {
    const events = (await run(app.triggers.event_list!.operation.perform, { authData })) as Array<{ id: string; label: string }>;
    expect(events).toEqual([expect.objectContaining({ id: eventId, label: "Test Conference (2030-06-01)" })]);
    const types = (await run(app.triggers.ticket_type_list!.operation.perform, { authData, inputData: { event_id: eventId } })) as Array<{ id: string; label: string }>;
    expect(types.map((x) => [x.id, x.label])).toEqual([
      [freeId, "General (free)"],
      [paidId, "Supporter (€25.00, paid: not available in Zapier)"],
    ]);
  });

  it("asks for the event first, and says when it is not found", async () => {
    expect(await failureOf(run(app.triggers.ticket_type_list!.operation.perform, { authData, inputData: {} }))).toContain("Choose an event first");
    const missing = await failureOf(run(app.triggers.ticket_type_list!.operation.perform, { authData, inputData: { event_id: "00000000-0000-4000-8000-00000000dead" } }));
    expect(missing).toContain('"status":404');
  });
});

describe("actions", () => {
  it("refuse a paid ticket and invalid fields with Switchboard's sentences", async () => {
    const register = (inputData: Record<string, unknown>) => run(app.creates.create_registration!.operation.perform, { authData, inputData });
    const paid = await failureOf(register({ event_id: eventId, ticket_type_id: paidId, name: "Paul Paid", email: "paul@example.com" }));
    expect(paid).toContain("This ticket has a price; paid tickets are bought through checkout.");
    expect(paid).toContain('"code":"conflict"');
    const invalid = await failureOf(register({ event_id: eventId, ticket_type_id: freeId, name: "", email: "not-an-email" }));
    expect(invalid).toContain("email: Enter a valid e-mail address, such as ana@example.com");
    expect(invalid).toContain("name: ");
    expect(invalid).toContain('"status":422');
  });

  it("create and then update a contact, and check them in once", async () => {
    const contact = (inputData: Record<string, unknown>) => run(app.creates.upsert_contact!.operation.perform, { authData, inputData }) as Promise<{ action: string; name: string }>;
    const needsType = await failureOf(contact({ event_id: eventId, email: "cleo@example.com", name: "Cleo" }));
    expect(needsType).toContain("ticket_type_id: Nobody with this e-mail is registered for the event yet");
    expect(await contact({ event_id: eventId, email: "cleo@example.com", name: "Cleo", ticket_type_id: freeId })).toMatchObject({ action: "created", name: "Cleo" });
    expect(await contact({ event_id: eventId, email: "CLEO@example.com", name: "Cleo Contact", phone: "" })).toMatchObject({ action: "updated", name: "Cleo Contact" });

    const checkIn = () => run(app.creates.check_in_attendee!.operation.perform, { authData, inputData: { attendee_id: "", event_id: eventId, email: "cleo@example.com" } });
    expect(await checkIn()).toMatchObject({ already_checked_in: false, attendee: { name: "Cleo Contact" } });
    expect(await checkIn()).toMatchObject({ already_checked_in: true });
  });

  it("create an event draft from a Zapier date", async () => {
    const draft = (await run(app.creates.create_event!.operation.perform, {
      authData,
      inputData: { title: "From Zapier", starts_at: "2030-07-01T18:00:00+02:00", ends_at: "2030-07-01 21:00", time_zone: "Europe/Zurich", capacity: 80, venue: "", description: "" },
    })) as { id: string; status: string; startsAt: string; admin_url: string };
    expect(draft).toMatchObject({ status: "draft", startsAt: "2030-07-01T16:00:00.000Z" });
    expect(draft.admin_url).toMatch(new RegExp(`/events/${draft.id}$`));
  });
});

describe("the process that ran the app", () => {
  it("keeps node's own http modules: Zapier's logging patch would hang later requests once its logger is torn down", async () => {
    // The CommonJS modules, the objects Zapier patches (an ES namespace would not show the mark).
    const require = createRequire(import.meta.url);
    const http: unknown = require("node:http");
    const https: unknown = require("node:https");
    // By now every test above has run the app through appTester.
    expect((http as unknown as { patchedByZapier?: boolean }).patchedByZapier).toBeUndefined();
    expect((https as unknown as { patchedByZapier?: boolean }).patchedByZapier).toBeUndefined();
  });
});
