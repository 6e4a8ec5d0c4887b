// Google Analytics 4 end to end against the sandbox: the measurement id and API
// secret checked on the form and by GA's validation server (its messages put in
// words on the right field), paid orders as `purchase` and refunds as `refund`
// with exact money and the refunded tickets only, one event per fact however
// often it is delivered (and the same transaction_id if it is sent again), the
// visitor's own client id only when the checkout carried it, and an outage at
// Google that never touches the order.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { addTicketType } from "@/lib/domain/events/service";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { applyRefunds, markOrderPaid } from "@/lib/domain/orders/settle";
import { connectWithApiKey, updateSettings } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { connectorContext } from "@/lib/integrations/connections/context";
import { loadConnector } from "@/lib/integrations/registry";
import { pageTags } from "@/lib/integrations/page-tags";
import { pseudonymousClientId } from "@/lib/integrations/ga4/events";
import { explainMessages } from "@/lib/integrations/ga4/validation";
import { appKeyring } from "@/lib/vault/app-keyring";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
// Fake values of GA's shapes: the sandbox takes any id and secret of the right form.
const MEASUREMENT_ID = "G-SWB0TEST42";
const API_SECRET = "fakeSecret_0123456789ab";

interface Hit {
  measurementId: string;
  withSecret: boolean;
  clientId: string;
  events: Array<{ name: string; params: Record<string, any> }>;
  problems: unknown[];
}

const connect = (fields: Record<string, string>) =>
  connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "ga4", mode: "sandbox", fields });

async function fieldErrorsOf(p: Promise<unknown>) {
  const err = await p.catch((e) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors;
}

const hits = async (): Promise<Hit[]> => (await sandbox.inbox()).ga4.hits;
const hitsFor = async (orderId: string, name: string) => (await hits()).filter((h) => h.events.some((e) => e.name === name && e.params.transaction_id === orderId));
const waitForHit = (orderId: string, name: string) =>
  waitFor(async () => (await hitsFor(orderId, name))[0], { what: `the ${name} of order ${orderId}`, timeoutMs: 20_000 });

async function delivery(orderId: string, type: string, done: (status: string) => boolean) {
  return waitFor(async () => {
    const d = await t.db
      .selectFrom("subscriber_deliveries as d")
      .innerJoin("domain_events as e", "e.id", "d.domain_event_id")
      .select(["d.status", "d.last_error", "d.domain_event_id"])
      .where("e.aggregate_id", "=", orderId)
      .where("e.type", "=", type as never)
      .where("d.subscriber", "like", "connection:%")
      .executeTakeFirst();
    return d && done(d.status) ? d : undefined;
  }, { what: `the ${type} delivery of ${orderId}`, timeoutMs: 20_000 });
}

/** An event with two ticket types at prices whose float sums are not exact (0.10 × 3). */
async function twoTypeEvent() {
  const { event, ticketType: cheap } = await makePublishedEvent(t.db, t.orgId, { price: "0.10" });
  const vip = await addTicketType(t.db, t.orgId, event.id, { name: "VIP", price: "19.99", currency: "EUR", quantity: 10 });
  return { event, cheap, vip };
}

async function paidOrder(extra: Record<string, unknown> = {}) {
  const { event, cheap, vip } = await twoTypeEvent();
  const { order, attendees } = await createPendingOrder(
    t.db,
    event.slug,
    { name: "Ada Lovelace", email: "ada@example.test", attempt: randomUUID(), items: [{ ticketTypeId: cheap.id, quantity: 3 }, { ticketTypeId: vip.id, quantity: 1 }], ...extra },
    "stripe",
  );
  expect(await markOrderPaid(t.db, order.id, { paymentIntentId: `pi_${order.id.slice(0, 8)}` })).toBe("changed");
  return { event, cheap, vip, order, attendees };
}

describe("Google Analytics 4", () => {
  it("says what is wrong with a malformed measurement id or secret without calling Google", async () => {
    const before = (await sandbox.requests("ga4")).length;
    const errors = await fieldErrorsOf(connect({ measurementId: "UA-12345-1", apiSecret: "short" }));
    expect(errors.measurementId![0]).toMatch(/looks like G-XXXXXXXXXX/);
    expect(errors.apiSecret![0]).toMatch(/16 to 64 letters/);
    expect((await sandbox.requests("ga4")).length).toBe(before);
  });

  it("explains the validation server's refusal on the field it is about, and stores nothing", async () => {
    const errors = await fieldErrorsOf(connect({ measurementId: "G-NOSTREAM1", apiSecret: API_SECRET }));
    expect(errors.measurementId).toEqual([
      "Google Analytics 4 refused this Measurement ID: The measurement id: its value is not one Google accepts (Google says: No web data stream has the measurement ID G-NOSTREAM1.)",
    ]);
    expect(errors.apiSecret).toBeUndefined();
    const row = await findConnection(t.db, t.orgId, "ga4");
    expect(row?.credentials_sealed ?? null).toBeNull();
    // The secret travels in the query: the call log keeps the attempt without it.
    const calls = await t.db.selectFrom("integration_calls").selectAll().where("connector_id", "=", "ga4").execute();
    expect(calls.length).toBeGreaterThan(0);
    expect(JSON.stringify(calls)).not.toContain(API_SECRET);
  });

  it("puts each kind of validation message in words: which field, and why", () => {
    expect(
      explainMessages([
        { fieldPath: "events[0].params.items[0].price", description: "Expected number, received string", validationCode: "VALUE_INVALID" },
        { fieldPath: "events[0].name", description: "session_start is a reserved event name.", validationCode: "NAME_RESERVED" },
        { fieldPath: "client_id", validationCode: "VALUE_REQUIRED" },
      ]),
    ).toBe(
      "The field events[0].params.items[0].price: its value is not one Google accepts (Google says: Expected number, received string); " +
        "The field events[0].name: the name is reserved by Google (Google says: session_start is a reserved event name.); " +
        "The field client_id: it is required and was missing",
    );
  });

  it("connects once the validation server accepts a sample purchase, and keeps the secret sealed", async () => {
    const tested = await connect({ measurementId: MEASUREMENT_ID, apiSecret: API_SECRET });
    expect(tested.detail).toMatch(/accepted a sample purchase for G-SWB0TEST42.*does not check the API secret/);
    const row = (await findConnection(t.db, t.orgId, "ga4"))!;
    expect(row).toMatchObject({ status: "connected", external_account_id: MEASUREMENT_ID, credentials_hint: "••••89ab" });
    expect(row.credentials_sealed).not.toContain(API_SECRET);
    const asked = (await sandbox.inbox()).ga4.validations.at(-1);
    expect(asked).toEqual({ at: expect.any(String), measurementId: MEASUREMENT_ID, messages: [] });
    // Test connection validates and never collects: nothing reaches the reports.
    expect(await hits()).toEqual([]);
  });

  it("offers the public pages the Google tag from the sandbox, unless the settings turn it off", async () => {
    const [tag] = await pageTags(t.db, t.orgId);
    expect(tag).toMatchObject({ vendor: "Google Analytics", queue: "dataLayer", visitorCookie: "_ga", commands: [["js", "@now"], ["config", MEASUREMENT_ID]] });
    expect(tag!.src).toBe(`${sandbox.url}/ga4/gtag/js?id=${MEASUREMENT_ID}`);
    await updateSettings(t.db, t.orgId, "ga4", { sendPurchases: true, sendRefunds: true, pageTag: false });
    expect(await pageTags(t.db, t.orgId)).toEqual([]);
    await updateSettings(t.db, t.orgId, "ga4", { sendPurchases: true, sendRefunds: true, pageTag: true });
  });

  it("sends a paid order as one purchase with its exact value and tickets, under a pseudonymous client id", async () => {
    const { order, event, cheap, vip } = await paidOrder();
    expect((await delivery(order.id, "ticket.purchased", (s) => s === "succeeded" || s === "dead")).status).toBe("succeeded");
    const [hit, ...more] = await hitsFor(order.id, "purchase");
    expect(more).toEqual([]);
    expect(hit).toMatchObject({ measurementId: MEASUREMENT_ID, withSecret: true, problems: [] });
    expect(hit!.clientId).toBe(pseudonymousClientId(order.id));
    expect(hit!.clientId).toMatch(/^\d+\.\d+$/);
    expect(hit!.events).toEqual([
      {
        name: "purchase",
        params: {
          transaction_id: order.id,
          currency: "EUR",
          // 3 × 0.10 + 19.99, added in cents: exactly 20.29.
          value: 20.29,
          items: [
            { item_id: cheap.id, item_name: "General", item_category: event.title, price: 0.1, quantity: 3 },
            { item_id: vip.id, item_name: "VIP", item_category: event.title, price: 19.99, quantity: 1 },
          ],
        },
      },
    ]);
    // Nothing that names the buyer leaves for Google.
    expect(JSON.stringify(hit)).not.toContain("ada@example.test");
    expect(JSON.stringify(hit)).not.toContain("Ada Lovelace");
  });

  it("sends a partial refund with the value and items of the refunded tickets only", async () => {
    const { order, attendees, vip } = await paidOrder();
    await waitForHit(order.id, "purchase");
    const refunded = attendees.find((a) => a.ticket_type_id === vip.id)!;
    expect(await applyRefunds(t.db, order.id, { refundedMinor: 1999, attendeeIds: [refunded.id] })).toBe("changed");
    const hit = await waitForHit(order.id, "refund");
    expect(hit.clientId).toBe(pseudonymousClientId(order.id));
    expect(hit.events).toEqual([
      { name: "refund", params: { transaction_id: order.id, currency: "EUR", value: 19.99, items: [{ item_id: vip.id, item_name: "VIP", item_category: expect.any(String), price: 19.99, quantity: 1 }] } },
    ]);
    expect(hit.problems).toEqual([]);
  });

  it("sends one event per fact however often it is delivered, and the same transaction_id if it is sent again", async () => {
    const { order } = await paidOrder();
    const first = await waitForHit(order.id, "purchase");
    const d = await delivery(order.id, "ticket.purchased", (s) => s === "succeeded");
    const fact = await t.db.selectFrom("domain_events").selectAll().where("id", "=", d.domain_event_id).executeTakeFirstOrThrow();
    const connector = (await loadConnector("ga4"))!;
    const ctx = await connectorContext(t.db, appKeyring(), connector, (await findConnection(t.db, t.orgId, "ga4"))!);
    const deliver = () => connector.handlers["ticket.purchased"]!({ id: fact.id, type: "ticket.purchased", payload: fact.payload } as never, ctx);
    await deliver();
    expect(await hitsFor(order.id, "purchase")).toHaveLength(1);
    // Our record of it lost (the send went out, the write after it did not): the resend is the same event, which GA dedupes.
    await t.db.deleteFrom("external_objects").where("kind", "=", "ga4_event").where("local_id", "=", fact.id).execute();
    await deliver();
    const sent = await hitsFor(order.id, "purchase");
    expect(sent).toHaveLength(2);
    expect(sent[1]!.events).toEqual(first.events);
    expect(sent[1]!.clientId).toBe(first.clientId);
  });

  it("uses the visitor's own client id when the checkout carried it with consent, and drops a malformed one", async () => {
    const { order } = await paidOrder({ analyticsClientId: "1187654321.1765000000" });
    expect((await waitForHit(order.id, "purchase")).clientId).toBe("1187654321.1765000000");
    const { order: other } = await paidOrder({ analyticsClientId: "GA1.1.<script>" });
    const row = await t.db.selectFrom("orders").select("analytics_client_id").where("id", "=", other.id).executeTakeFirstOrThrow();
    expect(row.analytics_client_id).toBeNull();
    expect((await waitForHit(other.id, "purchase")).clientId).toBe(pseudonymousClientId(other.id));
  });

  it("keeps the order whole while Google is down, and sends the purchase once it is back", async () => {
    await sandbox.control("faults", { provider: "ga4", kind: "status", status: 503, times: 0 });
    try {
      const { order } = await paidOrder();
      const row = await t.db.selectFrom("orders").select("status").where("id", "=", order.id).executeTakeFirstOrThrow();
      expect(row.status).toBe("paid");
      const failing = await delivery(order.id, "ticket.purchased", (s) => s === "retrying");
      expect(failing.last_error).toMatch(/503/);
      expect(failing.last_error).not.toContain(API_SECRET);
      expect(await hitsFor(order.id, "purchase")).toEqual([]);
      await sandbox.control("faults", undefined, "DELETE");
      await waitForHit(order.id, "purchase");
    } finally {
      await sandbox.control("faults", undefined, "DELETE");
    }
  }, 60_000);

  it("sends nothing for purchases or refunds the settings turn off", async () => {
    await updateSettings(t.db, t.orgId, "ga4", { sendPurchases: false, sendRefunds: true, pageTag: true });
    try {
      const { order } = await paidOrder();
      expect((await delivery(order.id, "ticket.purchased", (s) => s === "succeeded" || s === "skipped" || s === "dead")).status).not.toBe("dead");
      expect(await hitsFor(order.id, "purchase")).toEqual([]);
    } finally {
      await updateSettings(t.db, t.orgId, "ga4", { sendPurchases: true, sendRefunds: true, pageTag: true });
    }
  });
});
