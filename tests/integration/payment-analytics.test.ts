// Payment analytics end to end: Stripe's signed callbacks through our webhook
// route and the worker record payments, failed attempts (with their decline
// codes), refunds and disputes once each, however often Stripe sends them; the
// reports, their CSV tables and /api/v1/reports/payments show the same figures.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/service";
import { PaymentsReportSchema } from "@/lib/api/reports";
import { requestRefund } from "@/lib/checkout/refunds";
import { startCheckout } from "@/lib/checkout/start";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { recordPaymentOutcome, type PaymentOutcome } from "@/lib/payments/outcomes";
import { paymentFigures } from "@/lib/reports/payments";
import { reportScope } from "@/lib/reports/scope";
import { loadTable } from "@/lib/reports/tables";
import { tableCsv } from "@/lib/reports/csv";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAppServer } from "../helpers/app-server";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { insertConnection } from "../helpers/connections";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
let app: Awaited<ReturnType<typeof startAppServer>>;

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const { POST } = await import("@/app/api/webhooks/[provider]/route");
  app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: POST as never }]);
  process.env.APP_URL = app.url;
  await connectWithApiKey(t.db, appKeyring(), {
    orgId: t.orgId,
    userId: owner.userId,
    connectorId: "stripe",
    mode: "sandbox",
    fields: { secretKey: "sk_test_switchboard0001", publishableKey: "pk_test_switchboard0001" },
  });
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});


async function pay(url: string, card: string) {
  const form = new URLSearchParams({ card_number: card, expiry: "12 / 34", cvc: "123", name: "Test Buyer", email: "buyer@example.com", action: "pay" });
  return fetch(url, { method: "POST", body: form, redirect: "manual" });
}

async function outcomeCounts(orgId: string) {
  const rows = await t.db.selectFrom("payment_outcomes").select(["kind", "reason"]).where("org_id", "=", orgId).execute();
  return rows;
}

async function allProcessed() {
  await waitFor(async () => {
    const rows = await t.db.selectFrom("webhook_events").select("status").execute();
    return rows.length > 0 && rows.every((r) => r.status === "processed" || r.status === "ignored") ? true : undefined;
  }, { what: "every callback processed", timeoutMs: 20_000 });
}

describe("payment analytics from Stripe's callbacks", () => {
  it("records a payment, three declined attempts by code, a refund and a dispute, once each even when Stripe sends them again", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const { url, orderId } = await startCheckout(t.db, event.slug, { name: "Pia", email: "pia@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 2 }] });
    expect((await pay(url, "4000000000009995")).status).toBe(402);
    expect((await pay(url, "4000000000000002")).status).toBe(402);
    expect((await pay(url, "4000000000000069")).status).toBe(402);
    expect((await pay(url, "4242424242424242")).status).toBe(303);
    await waitFor(async () => ((await t.db.selectFrom("orders").select("status").where("id", "=", orderId).executeTakeFirstOrThrow()).status === "paid" ? true : undefined), { what: "order paid", timeoutMs: 20_000 });
    const [first] = await t.db.selectFrom("attendees").select("id").where("order_id", "=", orderId).execute();
    await requestRefund(t.db, t.orgId, orderId, first!.id);
    const pi = (await t.db.selectFrom("orders").select("payment_intent_id").where("id", "=", orderId).executeTakeFirstOrThrow()).payment_intent_id!;
    await sandbox.control("stripe/dispute", { payment_intent: pi, reason: "fraudulent" });
    await waitFor(async () => ((await outcomeCounts(t.orgId)).length === 6 ? true : undefined), { what: "six outcomes", timeoutMs: 20_000 });
    await allProcessed();

    // The dispute is for what was left on the charge after the refund, as Stripe does.
    const expected = {
      totals: { payments: 1, failures: 3, refunds: 1, disputes: 1 },
      currencies: [{ currency: "EUR", payments: 1, paidMinor: 5000, failures: 3, refunds: 1, refundedMinor: 2500, disputes: 1, disputedMinor: 2500 }],
      declines: [
        { reason: "expired_card", failures: 1 },
        { reason: "generic_decline", failures: 1 },
        { reason: "insufficient_funds", failures: 1 },
      ],
    };
    const scope = await reportScope(t.db, t.orgId, {});
    const range = { orgId: t.orgId, start: scope.period.start, end: scope.period.end };
    expect(await paymentFigures(t.db, range)).toEqual(expected);
    // The event's report counts the same: every outcome names the order.
    expect(await paymentFigures(t.db, { ...range, eventId: event.id })).toEqual(expected);

    // Every callback delivered again, several times: nothing is counted twice.
    const received = await t.db.selectFrom("webhook_events").select("external_id").execute();
    for (const r of received) await sandbox.control("stripe/resend", { event: r.external_id, times: 2 });
    await allProcessed();
    expect(await paymentFigures(t.db, range)).toEqual(expected);
  });
});

describe("payment analytics figures", () => {
  let orgId: string;
  let connectionId: string;
  const at = (day: string) => new Date(`${day}T12:00:00Z`);
  const outcome = (o: Partial<PaymentOutcome> & Pick<PaymentOutcome, "kind" | "externalId">): PaymentOutcome => ({
    orgId,
    connectionId,
    provider: "stripe",
    amountMinor: 1000,
    currency: "eur",
    occurredAt: at("2030-03-10"),
    ...o,
  });

  beforeAll(async () => {
    orgId = (await makeOrg(t.db, "Analytics")).id;
    connectionId = (await insertConnection(t.db, { orgId, connectorId: "stripe" })).id;
    const seeded: PaymentOutcome[] = [
      outcome({ kind: "payment", externalId: "pi_1", amountMinor: 4000 }),
      outcome({ kind: "payment", externalId: "pi_2", amountMinor: 2500 }),
      outcome({ kind: "payment", externalId: "pi_3", amountMinor: 9900, currency: "chf" }),
      outcome({ kind: "failure", externalId: "ch_f1", reason: "insufficient_funds" }),
      outcome({ kind: "failure", externalId: "ch_f2", reason: "insufficient_funds" }),
      outcome({ kind: "failure", externalId: "ch_f3", reason: "do_not_honor", currency: "chf" }),
      outcome({ kind: "refund", externalId: "re_1", amountMinor: 1500 }),
      outcome({ kind: "dispute", externalId: "dp_1", amountMinor: 4000, reason: "fraudulent" }),
      // Outside the period asked for below.
      outcome({ kind: "payment", externalId: "pi_old", amountMinor: 7777, occurredAt: at("2030-02-01") }),
    ];
    for (const o of seeded) await recordPaymentOutcome(t.db, o);
    // The same refund reported again with its final amount: one refund, the latest amount.
    await recordPaymentOutcome(t.db, outcome({ kind: "refund", externalId: "re_1", amountMinor: 2000 }));
  });

  it("counts per currency, failures by decline code, within the period only", async () => {
    const scope = await reportScope(t.db, orgId, { from: "2030-03-01", to: "2030-03-31" }, at("2030-04-01"));
    const figures = await paymentFigures(t.db, { orgId, start: scope.period.start, end: scope.period.end });
    expect(figures.totals).toEqual({ payments: 3, failures: 3, refunds: 1, disputes: 1 });
    expect(figures.currencies).toEqual([
      { currency: "CHF", payments: 1, paidMinor: 9900, failures: 1, refunds: 0, refundedMinor: 0, disputes: 0, disputedMinor: 0 },
      { currency: "EUR", payments: 2, paidMinor: 6500, failures: 2, refunds: 1, refundedMinor: 2000, disputes: 1, disputedMinor: 4000 },
    ]);
    expect(figures.declines).toEqual([
      { reason: "insufficient_funds", failures: 2 },
      { reason: "do_not_honor", failures: 1 },
    ]);

    const byCurrency = await loadTable(t.db, scope, "payments-by-currency");
    expect(byCurrency.rows).toEqual([
      ["CHF", 1, "99.00", 1, 0, "0.00", 0, "0.00"],
      ["EUR", 2, "65.00", 2, 1, "20.00", 1, "40.00"],
    ]);
    const failures = await loadTable(t.db, scope, "payment-failures");
    expect(tableCsv(failures)).toBe("\uFEFFDecline code,Failed attempts\r\ninsufficient_funds,2\r\ndo_not_honor,1\r\n");
  });

  it("answers /api/v1/reports/payments with the same figures, in the documented shape, for the key's organization only", async () => {
    const { GET } = await import("@/app/api/v1/reports/payments/route");
    const { key } = await createApiKey(t.db, orgId, null, { name: "reports" });
    const get = async (k: string, q: string) => {
      const res = await (GET as never as (r: Request, c: unknown) => Promise<Response>)(new Request(`http://localhost/api/v1/reports/payments?${q}`, { headers: { "x-api-key": k } }), { params: Promise.resolve({}) });
      return { status: res.status, body: await res.json() };
    };
    const res = await get(key, "from=2030-03-01&to=2030-03-31");
    expect(res.status).toBe(200);
    const report = PaymentsReportSchema.parse(res.body);
    expect(report).toMatchObject({ from: "2030-03-01", to: "2030-03-31", timeZone: "UTC", eventId: null, totals: { payments: 3, failures: 3, refunds: 1, disputes: 1 } });
    expect(report.currencies.map((c) => c.currency)).toEqual(["CHF", "EUR"]);
    expect((await get(key, "from=2030-03-31&to=2030-03-01")).status).toBe(422);
    // Another organization's key sees none of it.
    const { key: other } = await createApiKey(t.db, t.orgId, null, { name: "reports" });
    const theirs = PaymentsReportSchema.parse((await get(other, "from=2030-03-01&to=2030-03-31")).body);
    expect(theirs.currencies).toEqual([]);
  });
});
