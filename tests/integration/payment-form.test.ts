// Paying on our own page against the sandbox: the organizer's choice of the
// on-page form, one PaymentIntent per order for the server's amount, confirmed as
// Stripe.js does (publishable key and client secret) with the test cards, settled
// by the signed callback through our real route; a declined card, 3-D Secure
// passed and failed, the hold's end cancelling the intent (by its job, or by the
// sweep that closes what the job left), and a payment that is not the order's own.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appKeyring } from "@/lib/vault/app-keyring";
import { connectWithApiKey, disconnect, updateSettings } from "@/lib/integrations/connections/service";
import { startCheckout } from "@/lib/checkout/start";
import { ABANDON_FORM_AFTER_MS, closeExpiredPaymentForm, payPage, sweepExpiredPaymentForms } from "@/lib/checkout/on-page";
import { releaseExpiredHolds } from "@/lib/domain/orders/settle";
import { orderGateway } from "@/lib/checkout/gateways";
import { stripeClient } from "@/lib/integrations/stripe/client";
import { STRIPE_EVENTS } from "@/lib/integrations/stripe/connector";
import { callbacksAbout } from "../helpers/callbacks";
import { startAppServer } from "../helpers/app-server";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

// The hold's job is driven by the test itself, at a moment it chooses.
const { t, sandbox, owner } = useIntegrationHarness({ withoutTasks: ["close_payment_form"] });
let app: Awaited<ReturnType<typeof startAppServer>>;
const SECRET = "sk_test_paymentform0001";
const PUBLISHABLE = "pk_test_paymentform0001";

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  const { POST } = await import("@/app/api/webhooks/[provider]/route");
  app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: POST as never }]);
  process.env.APP_URL = app.url;
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields: { secretKey: SECRET, publishableKey: PUBLISHABLE } });
});
afterAll(async () => {
  await app?.stop();
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

const api = () => stripeClient(sandbox.url, SECRET);
const buyer = () => ({ name: "Olga On-Page", email: "olga@example.com", attempt: randomUUID() });

async function order(id: string) {
  return t.db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function until(id: string, status: string) {
  return waitFor(async () => ((await order(id)).status === status ? true : undefined), { what: `order ${status}`, timeoutMs: 20_000 });
}

/** What the browser's copy of Stripe.js sends: the publishable key, the client secret and the card typed into the frame. */
async function confirmInBrowser(intentId: string, clientSecret: string, card: string, extra: Record<string, string> = {}, key = PUBLISHABLE) {
  const body = new URLSearchParams({
    client_secret: clientSecret,
    "payment_method_data[type]": "card",
    "payment_method_data[card][number]": card,
    "payment_method_data[card][exp_month]": "12",
    "payment_method_data[card][exp_year]": "2034",
    "payment_method_data[card][cvc]": "123",
    ...extra,
  });
  const res = await fetch(`${sandbox.url}/v1/payment_intents/${intentId}/confirm`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function openOnPage(opts: { capacity?: number; quantity?: number } = {}) {
  const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: opts.capacity ?? 10 });
  const input = { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: opts.quantity ?? 2 }] };
  const started = await startCheckout(t.db, event.slug, input);
  const page = await payPage(t.db, event.slug, started.orderId);
  if (page?.kind !== "form") throw new Error(`expected the payment form, got ${JSON.stringify(page)}`);
  return { event, ticketType, input, started, form: page.form };
}

describe("the on-page payment form", () => {
  it("is the organizer's choice: hosted Checkout by default, the on-page form once chosen", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const hosted = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    expect(hosted.url.startsWith(`${sandbox.url}/checkout/pay/`)).toBe(true);
    expect((await order(hosted.orderId)).checkout_form).toBe("hosted");
    expect(await payPage(t.db, event.slug, hosted.orderId)).toEqual({ kind: "done" });

    await expect(updateSettings(t.db, t.orgId, "stripe", { checkoutForm: "inline" })).rejects.toThrow();
    expect(await updateSettings(t.db, t.orgId, "stripe", { checkoutForm: "on_page" })).toEqual({ checkoutForm: "on_page" });
    const onPage = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    expect(onPage.url).toBe(`${app.url}/e/${event.slug}/orders/${onPage.orderId}/pay`);
    // An order keeps the form it was opened with.
    expect((await order(hosted.orderId)).checkout_form).toBe("hosted");
    expect(STRIPE_EVENTS).toContain("payment_intent.canceled");
  });

  it("opens one PaymentIntent per order for the amount the server computed, and arms the hold's end", async () => {
    const { event, input, started, form } = await openOnPage({ quantity: 2 });
    const row = await order(started.orderId);
    expect(row.checkout_form).toBe("on_page");
    expect(row.checkout_id).toBe(form.paymentId);
    expect(form.paymentId).toMatch(/^pi_/);
    expect(form.clientSecret.startsWith(`${form.paymentId}_secret_`)).toBe(true);
    expect(form.publishableKey).toBe(PUBLISHABLE);
    expect(form.scriptUrl).toBe(`${sandbox.url}/stripe/elements/stripe.js`);

    const pi = await api().paymentIntents.retrieve(form.paymentId);
    expect(pi).toMatchObject({ amount: 5000, currency: "eur", status: "requires_payment_method", automatic_payment_methods: { enabled: true } });
    expect(pi.metadata).toMatchObject({ org_id: t.orgId, order_id: started.orderId, event_id: event.id });

    // The same order submitted again: the same order, the same intent.
    const again = await startCheckout(t.db, event.slug, input);
    expect(again).toEqual(started);
    expect((await order(started.orderId)).checkout_id).toBe(form.paymentId);

    const jobs = await sql<{ run_at: Date }>`select run_at from graphile_worker.jobs where task_identifier = 'close_payment_form' and key = ${`payment-form-close:${started.orderId}`}`.execute(t.db);
    expect(jobs.rows).toHaveLength(1);
    expect(new Date(jobs.rows[0]!.run_at).getTime()).toBe(new Date(row.hold_expires_at!).getTime());
  });

  it("takes the browser's confirm only with the intent's client secret, and never a publishable key elsewhere", async () => {
    const { form } = await openOnPage({ quantity: 1 });
    const wrong = await confirmInBrowser(form.paymentId, `${form.paymentId}_secret_notTheRightOne`, "4242424242424242");
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/client_secret provided does not match/);
    const create = await fetch(`${sandbox.url}/v1/payment_intents`, {
      method: "POST",
      headers: { authorization: `Bearer ${PUBLISHABLE}`, "content-type": "application/x-www-form-urlencoded" },
      body: "amount=5000&currency=eur",
    });
    expect(create.status).toBe(401);
    expect((await api().paymentIntents.retrieve(form.paymentId)).status).toBe("requires_payment_method");
  });

  it("settles the order through the signed payment_intent.succeeded callback once the test card pays", async () => {
    const { started, form } = await openOnPage({ quantity: 2 });
    const paid = await confirmInBrowser(form.paymentId, form.clientSecret, "4242 4242 4242 4242", { return_url: `${app.url}/e/x/orders/${started.orderId}` });
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe("succeeded");
    await until(started.orderId, "paid");
    const row = await order(started.orderId);
    expect(row.payment_intent_id).toBe(form.paymentId);
    expect(row.charge_id).toMatch(/^ch_/);
    expect(row.payment_mismatch).toBeNull();
    const facts = await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", started.orderId).execute();
    expect(facts.map((f) => f.type)).toEqual(["ticket.purchased"]);
    const attendees = await t.db.selectFrom("attendees").select("status").where("order_id", "=", started.orderId).execute();
    expect(attendees.map((a) => a.status)).toEqual(["paid", "paid"]);

    // Confirming a paid intent again is refused, and the form is gone from the pay page.
    const twice = await confirmInBrowser(form.paymentId, form.clientSecret, "4242424242424242");
    expect(twice.status).toBe(400);
    expect(twice.body.error.code).toBe("payment_intent_unexpected_state");
    const slug = (await t.db.selectFrom("events").select("slug").where("id", "=", row.event_id).executeTakeFirstOrThrow()).slug;
    expect(await payPage(t.db, slug, started.orderId)).toEqual({ kind: "done" });
    // Its callback, delivered again, changes nothing.
    const [mine] = await callbacksAbout(t.db, "payment_intent.succeeded", form.paymentId);
    await sandbox.control("stripe/resend", { event: mine!.external_id, times: 5 });
    await waitFor(async () => {
      const rows = await t.db.selectFrom("webhook_events").select("status").execute();
      return rows.every((r) => r.status === "processed" || r.status === "ignored") ? true : undefined;
    }, { what: "every callback processed" });
    expect((await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", started.orderId).execute()).map((f) => f.type)).toEqual(["ticket.purchased"]);
  });

  it("keeps the form open after a declined card, and a second card pays", async () => {
    const { event, started, form } = await openOnPage({ quantity: 1 });
    const declined = await confirmInBrowser(form.paymentId, form.clientSecret, "4000000000000002");
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." });
    const unknown = await confirmInBrowser(form.paymentId, form.clientSecret, "4242424242424241");
    expect(unknown.status).toBe(402);
    expect(unknown.body.error).toMatchObject({ type: "card_error", code: "incorrect_number" });

    await waitFor(async () => {
      return (await callbacksAbout(t.db, "payment_intent.payment_failed", form.paymentId)).find((r) => r.status === "processed");
    }, { what: "the failed attempt's callback" });
    expect((await order(started.orderId)).status).toBe("pending");
    const page = await payPage(t.db, event.slug, started.orderId);
    expect(page).toMatchObject({ kind: "form", form: { paymentId: form.paymentId } });

    const paid = await confirmInBrowser(form.paymentId, form.clientSecret, "5555555555554444");
    expect(paid.body.status).toBe("succeeded");
    await until(started.orderId, "paid");
  });

  it("sends a 3-D Secure card through the challenge: failed leaves the form open, completed pays", async () => {
    const { event, started, form } = await openOnPage({ quantity: 1 });
    const returnUrl = `${app.url}/e/${event.slug}/orders/${started.orderId}`;
    const first = await confirmInBrowser(form.paymentId, form.clientSecret, "4000002760003184", { return_url: returnUrl });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe("requires_action");
    expect(first.body.next_action.type).toBe("redirect_to_url");
    const challenge: string = first.body.next_action.redirect_to_url.url;
    expect(challenge.startsWith(`${sandbox.url}/stripe/elements/authenticate/${form.paymentId}?client_secret=`)).toBe(true);
    const shown = await fetch(challenge);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain("Complete authentication");
    // Without the client secret nobody answers for the card holder.
    expect((await fetch(challenge.split("?")[0]!, { method: "POST", body: new URLSearchParams({ action: "complete" }), redirect: "manual" })).status).toBe(404);

    const failed = await fetch(challenge.split("?")[0]!, { method: "POST", body: new URLSearchParams({ action: "fail", client_secret: form.clientSecret }), redirect: "manual" });
    expect(failed.status).toBe(303);
    const back = new URL(failed.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(returnUrl);
    expect(back.searchParams.get("redirect_status")).toBe("failed");
    expect(back.searchParams.get("payment_intent")).toBe(form.paymentId);
    const afterFail = await api().paymentIntents.retrieve(form.paymentId);
    expect(afterFail.status).toBe("requires_payment_method");
    expect(afterFail.last_payment_error?.code).toBe("payment_intent_authentication_failure");
    expect((await order(started.orderId)).status).toBe("pending");

    const second = await confirmInBrowser(form.paymentId, form.clientSecret, "4000000000003220", { return_url: returnUrl });
    expect(second.body.status).toBe("requires_action");
    const done = await fetch(second.body.next_action.redirect_to_url.url.split("?")[0], { method: "POST", body: new URLSearchParams({ action: "complete", client_secret: form.clientSecret }), redirect: "manual" });
    expect(done.status).toBe(303);
    expect(new URL(done.headers.get("location")!).searchParams.get("redirect_status")).toBe("succeeded");
    await until(started.orderId, "paid");
    expect((await order(started.orderId)).payment_intent_id).toBe(form.paymentId);
  });

  it("cancels the intent when the hold ends and releases the places; the form can no longer pay", async () => {
    const { event, ticketType, started, form } = await openOnPage({ capacity: 1, quantity: 1 });
    await expect(startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] })).rejects.toThrow("Sold out");
    expect(await closeExpiredPaymentForm(t.db, started.orderId)).toBe("not_due");
    expect((await api().paymentIntents.retrieve(form.paymentId)).status).toBe("requires_payment_method");

    const later = new Date(Date.now() + 60 * 60_000);
    expect(await closeExpiredPaymentForm(t.db, started.orderId, later)).toBe("released");
    const pi = await api().paymentIntents.retrieve(form.paymentId);
    expect(pi).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    expect((await order(started.orderId)).status).toBe("cancelled");
    expect(await closeExpiredPaymentForm(t.db, started.orderId, later)).toBe("unchanged");

    const tooLate = await confirmInBrowser(form.paymentId, form.clientSecret, "4242424242424242");
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.error.code).toBe("payment_intent_unexpected_state");
    expect(await payPage(t.db, event.slug, started.orderId)).toEqual({ kind: "done" });
    // The place is on sale again.
    await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    // The cancellation's own callback is processed too (whichever of the two released the places first).
    await waitFor(async () => {
      return (await callbacksAbout(t.db, "payment_intent.canceled", form.paymentId)).find((r) => r.status === "processed");
    }, { what: "the cancellation's callback" }).then((r) => expect(r.outcome).toMatch(/held places released|nothing to release/));
  });

  it("is passed by the checkouts' hold sweep; its own sweep cancels the intent at Stripe first, and keeps the places while Stripe cannot", async () => {
    const { event, ticketType, started, form } = await openOnPage({ capacity: 1, quantity: 1 });
    const later = new Date(new Date((await order(started.orderId)).hold_expires_at!).getTime() + 10 * 60_000);
    // Its payment is still open at Stripe: releasing the places now could sell them twice.
    await releaseExpiredHolds(t.db, later);
    expect((await order(started.orderId)).status).toBe("pending");

    await sandbox.control("faults", { provider: "stripe", match: `/v1/payment_intents/${form.paymentId}/cancel`, kind: "status", status: 500, times: 0 });
    try {
      await sweepExpiredPaymentForms(t.db, later);
    } finally {
      await sandbox.control("faults", undefined, "DELETE");
    }
    expect((await order(started.orderId)).status).toBe("pending");
    expect((await api().paymentIntents.retrieve(form.paymentId)).status).toBe("requires_payment_method");
    await expect(startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] })).rejects.toThrow("Sold out");

    expect(await sweepExpiredPaymentForms(t.db, later)).toBeGreaterThanOrEqual(1);
    expect(await api().paymentIntents.retrieve(form.paymentId)).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    expect((await order(started.orderId)).status).toBe("cancelled");
    await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
  });

  it("releases the places when the intent is cancelled in Stripe's dashboard, and leaves a paid intent to its callback", async () => {
    const { started, form } = await openOnPage({ quantity: 1 });
    await api().paymentIntents.cancel(form.paymentId, { cancellation_reason: "requested_by_customer" });
    await until(started.orderId, "cancelled");

    const other = await openOnPage({ quantity: 1 });
    await confirmInBrowser(other.form.paymentId, other.form.clientSecret, "4242424242424242");
    const { gateway, ctx } = await orderGateway(t.db, await order(other.started.orderId));
    expect(await gateway.payments.embedded!.closePaymentForm(ctx, other.form.paymentId)).toBe("paid");
    expect((await api().paymentIntents.retrieve(other.form.paymentId)).status).toBe("succeeded");
    await until(other.started.orderId, "paid");
  });

  it("releases the hold when Stripe refuses to open the form, and says so on the pay page when Stripe cannot be read", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25", capacity: 1 });
    await sandbox.control("faults", { provider: "stripe", match: "/v1/payment_intents", kind: "status", status: 400, times: 1 });
    const refused = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] }).catch((e: Error) => e);
    expect((refused as Error).message).toMatch(/^Payment could not be started \(Stripe: .+\)\. Nothing was charged; try again in a moment\.$/);
    const orders = await t.db.selectFrom("orders").select("status").where("event_id", "=", event.id).execute();
    expect(orders.map((o) => o.status)).toEqual(["cancelled"]);

    // The only place was released: the next buyer gets it.
    const { orderId } = await startCheckout(t.db, event.slug, { ...buyer(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    await sandbox.control("faults", { provider: "stripe", match: "/v1/payment_intents/pi_", kind: "status", status: 404, times: 1 });
    const down = await payPage(t.db, event.slug, orderId);
    expect(down).toMatchObject({ kind: "unavailable", message: expect.stringMatching(/^The payment form could not be loaded \(.+\)\. Nothing was charged; reload this page in a moment\.$/) });
    expect(await payPage(t.db, event.slug, orderId)).toMatchObject({ kind: "form" });
  });

  it("does not settle an order from another intent that names it in its metadata", async () => {
    const { started } = await openOnPage({ quantity: 1 });
    const row = await order(started.orderId);
    const forged = await api().paymentIntents.create({ amount: row.total_minor, currency: "eur", metadata: { org_id: t.orgId, order_id: row.id } });
    const paid = await api().paymentIntents.confirm(forged.id, { payment_method: "pm_card_visa" });
    expect(paid.status).toBe("succeeded");
    await waitFor(async () => ((await order(started.orderId)).payment_mismatch ? true : undefined), { what: "the mismatch noted", timeoutMs: 20_000 });
    const after = await order(started.orderId);
    expect(after.status).toBe("pending");
    expect(after.payment_mismatch).toMatch(/not on the order's checkout/);
  });

  // Last: it disconnects the organization's Stripe.
  it("releases a form whose provider was disconnected only a day after its hold, with a note to cancel the payment by hand", async () => {
    const { started, form } = await openOnPage({ capacity: 1, quantity: 1 });
    const holdEnds = new Date((await order(started.orderId)).hold_expires_at!).getTime();
    await disconnect(t.db, appKeyring(), t.orgId, "stripe");

    await sweepExpiredPaymentForms(t.db, new Date(holdEnds + ABANDON_FORM_AFTER_MS - 60_000));
    expect((await order(started.orderId)).status).toBe("pending");
    expect(await sweepExpiredPaymentForms(t.db, new Date(holdEnds + ABANDON_FORM_AFTER_MS + 60_000))).toBeGreaterThanOrEqual(1);
    expect((await order(started.orderId)).status).toBe("cancelled");
    const notes = await t.db.selectFrom("order_notes").select(["key", "severity", "message"]).where("order_id", "=", started.orderId).execute();
    expect(notes).toEqual([{ key: "payment_form_abandoned", severity: "error", message: expect.stringContaining(form.paymentId) }]);
    // Nobody cancelled it at Stripe: that is what the note asks an admin to do.
    expect((await api().paymentIntents.retrieve(form.paymentId)).status).toBe("requires_payment_method");
  });
});
