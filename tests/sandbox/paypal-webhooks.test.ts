// PayPal's webhooks in the sandbox: registration, events after each state change
// with PayPal's transmission headers, verify-webhook-signature that says SUCCESS
// only for what was really sent, retries, and the control API's resends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PayPalDelivery } from "../../sandbox/paypal/state";
import type { Sandbox } from "../../sandbox/server";
import { control, startTestSandbox } from "./helpers";
import { OTHER_APP, approvedOrder, paypalClient, startReceiver, ticketOrder, verificationOf, waitFor, type PayPalClient, type Receiver } from "./paypal-helpers";

let sb: Sandbox;
let pp: PayPalClient;
let rcv: Receiver;
let webhookId: string;

const TYPES = ["CHECKOUT.ORDER.APPROVED", "PAYMENT.CAPTURE.COMPLETED", "PAYMENT.CAPTURE.PENDING", "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.REFUNDED", "CUSTOMER.DISPUTE.CREATED"];

beforeAll(async () => {
  sb = await startTestSandbox();
  pp = await paypalClient(sb);
  rcv = await startReceiver();
  const created = await pp.call("POST", "/v1/notifications/webhooks", { body: { url: rcv.url, event_types: TYPES.map((name) => ({ name })) } });
  expect(created.status).toBe(201);
  webhookId = created.body.id;
});
afterAll(async () => {
  await sb.stop();
  await rcv.close();
});

const about = (type: string, pred: (resource: any) => boolean) => rcv.received.find((r) => r.event.event_type === type && pred(r.event.resource));
const verify = (body: unknown, client = pp) => client.call("POST", "/v1/notifications/verify-webhook-signature", { body });

async function captured(funding: "balance" | "echeck" = "balance", value = "25.00") {
  const id = await approvedOrder(sb, pp, funding, ticketOrder({ value }));
  const res = await pp.call("POST", `/v2/checkout/orders/${id}/capture`, { body: {}, prefer: "representation" });
  return { orderId: id, captureId: res.body.purchase_units[0].payments.captures[0].id as string, status: res.body.purchase_units[0].payments.captures[0].status as string };
}

describe("webhooks", () => {
  it("registers a URL once per app, lists, updates and deletes", async () => {
    const dup = await pp.call("POST", "/v1/notifications/webhooks", { body: { url: rcv.url, event_types: [{ name: "*" }] } });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ name: "WEBHOOK_URL_ALREADY_EXISTS", debug_id: expect.any(String), information_link: expect.any(String) });
    const malformed = await pp.call("POST", "/v1/notifications/webhooks", { body: { url: "not a url", event_types: [{ name: "*" }] } });
    expect(malformed.status).toBe(400);
    const extra = await pp.call("POST", "/v1/notifications/webhooks", { body: { url: `${rcv.url}?extra=1`, event_types: [{ name: "PAYMENT.CAPTURE.COMPLETED" }] } });
    expect(extra.body.event_types).toEqual([{ name: "PAYMENT.CAPTURE.COMPLETED", description: "A payment capture completes.", status: "ENABLED" }]);
    const patched = await pp.call("PATCH", `/v1/notifications/webhooks/${extra.body.id}`, { body: [{ op: "replace", path: "/event_types", value: [{ name: "PAYMENT.CAPTURE.REFUNDED" }] }] });
    expect(patched.body.event_types.map((t: { name: string }) => t.name)).toEqual(["PAYMENT.CAPTURE.REFUNDED"]);
    expect((await pp.call("GET", "/v1/notifications/webhooks")).body.webhooks.map((h: { id: string }) => h.id)).toEqual([webhookId, extra.body.id]);
    expect((await pp.call("DELETE", `/v1/notifications/webhooks/${extra.body.id}`)).status).toBe(204);
    expect((await pp.call("GET", `/v1/notifications/webhooks/${extra.body.id}`)).body.name).toBe("INVALID_RESOURCE_ID");
    // Another app neither sees this one's webhooks nor is refused its URL.
    const other = await paypalClient(sb, OTHER_APP);
    expect((await other.call("GET", "/v1/notifications/webhooks")).body.webhooks).toEqual([]);
  });

  it("posts CHECKOUT.ORDER.APPROVED and PAYMENT.CAPTURE.COMPLETED in PayPal's envelope with its transmission headers", async () => {
    const { orderId, captureId } = await captured();
    const approved = await waitFor("the approval event", () => about("CHECKOUT.ORDER.APPROVED", (o) => o.id === orderId));
    expect(approved.event).toMatchObject({
      id: expect.stringMatching(/^WH-[0-9A-Z]{17}-[0-9A-Z]{17}$/),
      event_version: "1.0",
      resource_type: "checkout-order",
      event_type: "CHECKOUT.ORDER.APPROVED",
      summary: "An order has been approved by buyer",
      resource: { id: orderId, status: "APPROVED", purchase_units: [{ custom_id: "order-1" }] },
    });
    expect(approved.headers).toMatchObject({
      "paypal-transmission-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "paypal-transmission-time": expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      "paypal-transmission-sig": expect.any(String),
      "paypal-cert-url": `${sb.url}/paypal/v1/notifications/certs/CERT-360caa42-fca2a594-sandbox01`,
      "paypal-auth-algo": "SHA256withRSA",
      "content-type": "application/json",
    });
    const completed = await waitFor("the capture event", () => about("PAYMENT.CAPTURE.COMPLETED", (c) => c.id === captureId));
    expect(completed.event).toMatchObject({ resource_type: "capture", resource: { status: "COMPLETED", custom_id: "order-1", supplementary_data: { related_ids: { order_id: orderId } } } });
    expect((await pp.call("GET", `/v1/notifications/webhooks-events/${completed.event.id}`)).body.id).toBe(completed.event.id);
    // The certificate URL serves the key the signature can be checked with.
    const cert = await fetch(approved.headers["paypal-cert-url"]!);
    expect(await cert.text()).toContain("BEGIN PUBLIC KEY");
  });

  it("verifies a signature as SUCCESS only for what was sent, with that webhook's id, by its own app", async () => {
    const { captureId } = await captured();
    const delivery = await waitFor("the capture event", () => about("PAYMENT.CAPTURE.COMPLETED", (c) => c.id === captureId));
    const asSent = verificationOf(delivery, webhookId);
    expect((await verify(asSent)).body).toEqual({ verification_status: "SUCCESS" });

    const altered = structuredClone(asSent);
    altered.webhook_event.resource.amount.value = "0.01";
    const failures = [
      altered,
      { ...asSent, webhook_id: "0EH40505U7160970P" },
      { ...asSent, transmission_sig: asSent.transmission_sig!.replace(/^./, (c) => (c === "A" ? "B" : "A")) },
      { ...asSent, transmission_time: new Date(Date.parse(asSent.transmission_time!) + 1000).toISOString() },
      { ...asSent, transmission_id: "9f1e1c3e-0000-4000-8000-000000000000" },
    ];
    for (const body of failures) expect((await verify(body)).body).toEqual({ verification_status: "FAILURE" });
    // Another app asking about this app's webhook learns nothing either.
    expect((await verify(asSent, await paypalClient(sb, OTHER_APP))).body).toEqual({ verification_status: "FAILURE" });

    const missing = await verify({ ...asSent, auth_algo: undefined });
    expect(missing.status).toBe(400);
    expect(missing.body.details[0]).toMatchObject({ field: "/auth_algo", issue: "MISSING_REQUIRED_PARAMETER" });
  });

  it("resends on request with a forged signature or one made for another webhook, and those fail verification", async () => {
    const { captureId } = await captured();
    const event = (await waitFor("the capture event", () => about("PAYMENT.CAPTURE.COMPLETED", (c) => c.id === captureId))).event;
    const count = rcv.received.length;
    const forged = await control<{ statuses: number[] }>(sb, "POST", "paypal/resend", { event: event.id, signature: "forged" });
    expect(forged.body.statuses).toEqual([200]);
    const other = await control(sb, "POST", "paypal/resend", { event: event.id, signature: "other-webhook" });
    expect(other.status).toBe(200);
    const [f, o] = rcv.received.slice(count);
    expect(f!.event.id).toBe(event.id);
    expect((await verify(verificationOf(f!, webhookId))).body.verification_status).toBe("FAILURE");
    expect((await verify(verificationOf(o!, webhookId))).body.verification_status).toBe("FAILURE");

    const twenty = await control<{ statuses: number[]; delivered: number }>(sb, "POST", "paypal/resend", { event: event.id, times: 20 });
    expect(twenty.body.delivered).toBe(20);
    const last = rcv.received.at(-1)!;
    expect((await verify(verificationOf(last, webhookId))).body.verification_status).toBe("SUCCESS");
    const deliveries = (await control<{ deliveries: PayPalDelivery[] }>(sb, "GET", `paypal/deliveries?event=${event.id}`)).body.deliveries;
    expect(deliveries.map((d) => d.signature)).toEqual(["valid", "forged", "other-webhook", ...Array(20).fill("valid")]);
    expect(deliveries[1]!.headers["paypal-transmission-sig"]).toBe(f!.headers["paypal-transmission-sig"]);
  });

  it("holds an eCheck capture PENDING until it clears or is denied", async () => {
    const cleared = await captured("echeck");
    expect(cleared.status).toBe("PENDING");
    expect((await pp.call("GET", `/v2/payments/captures/${cleared.captureId}`)).body.status_details).toEqual({ reason: "ECHECK" });
    await waitFor("the pending event", () => about("PAYMENT.CAPTURE.PENDING", (c) => c.id === cleared.captureId));
    expect((await control(sb, "POST", "paypal/settle", { capture: cleared.captureId, outcome: "completed" })).status).toBe(200);
    await waitFor("the completed event", () => about("PAYMENT.CAPTURE.COMPLETED", (c) => c.id === cleared.captureId));

    const bounced = await captured("echeck");
    expect((await control(sb, "POST", "paypal/settle", { capture: bounced.captureId, outcome: "denied" })).status).toBe(200);
    const denied = await waitFor("the denied event", () => about("PAYMENT.CAPTURE.DENIED", (c) => c.id === bounced.captureId));
    expect(denied.event.resource.status).toBe("DECLINED");
    expect((await control(sb, "POST", "paypal/settle", { capture: bounced.captureId, outcome: "completed" })).status).toBe(409);
    expect((await pp.call("POST", `/v2/payments/captures/${bounced.captureId}/refund`, { body: {} })).body.details[0].issue).toBe("REFUND_NOT_ALLOWED");
  });

  it("tells refunds (API and dashboard) and disputes, with the refund as the resource", async () => {
    const { captureId } = await captured("balance", "50.00");
    await pp.call("POST", `/v2/payments/captures/${captureId}/refund`, { body: { amount: { currency_code: "EUR", value: "20.00" }, custom_id: "att-1" } });
    const dash = await control<{ refund: { id: string }; capture: { status: string } }>(sb, "POST", "paypal/dashboard-refund", { capture: captureId, amount: "10.00" });
    expect(dash.body.capture.status).toBe("PARTIALLY_REFUNDED");
    const refunded = await waitFor("two refund events", () => {
      const r = rcv.received.filter((x) => x.event.event_type === "PAYMENT.CAPTURE.REFUNDED" && x.event.resource.links.some((l: { href: string }) => l.href.endsWith(captureId)));
      return r.length === 2 ? r : undefined;
    });
    expect(refunded.map((r) => [r.event.resource_type, r.event.resource.amount.value, r.event.resource.custom_id ?? null])).toEqual([
      ["refund", "20.00", "att-1"],
      ["refund", "10.00", null],
    ]);
    expect(refunded[0]!.event.summary).toBe("A EUR 20.00 capture payment was refunded");

    expect((await control(sb, "POST", "paypal/dispute", { capture: captureId })).status).toBe(200);
    const dispute = await waitFor("the dispute event", () => about("CUSTOMER.DISPUTE.CREATED", (d) => d.disputed_transactions?.[0]?.seller_transaction_id === captureId));
    expect(dispute.event.resource).toMatchObject({ dispute_id: expect.stringMatching(/^PP-D-\d+$/), status: "OPEN", reason: "MERCHANDISE_OR_SERVICE_NOT_RECEIVED", dispute_amount: { value: "20.00" } });
    expect((await control(sb, "POST", "paypal/dispute", { capture: captureId })).status).toBe(409);
    expect(await control(sb, "POST", "paypal/dispute", { capture: captureId, reason: "CHANGED_MY_MIND" })).toMatchObject({ status: 400, body: { error: expect.stringContaining("UNAUTHORISED") } });
    expect((await control(sb, "POST", "paypal/dispute", { capture: "NO-SUCH-CAPTURE" })).status).toBe(404);
  });

  it("tries a failing webhook three times, a second apart, and records each attempt", async () => {
    rcv.respond = () => 503;
    try {
      const { captureId } = await captured();
      const deliveries = await waitFor(
        "three attempts",
        () => {
          const event = rcv.received.find((r) => r.event.event_type === "PAYMENT.CAPTURE.COMPLETED" && r.event.resource.id === captureId)?.event;
          const tries = event ? rcv.received.filter((r) => r.event.id === event.id) : [];
          return tries.length === 3 ? tries : undefined;
        },
        6000,
      );
      expect(new Set(deliveries.map((d) => d.headers["paypal-transmission-id"])).size).toBe(3);
      const logged = (await control<{ deliveries: PayPalDelivery[] }>(sb, "GET", `paypal/deliveries?event=${deliveries[0]!.event.id}`)).body.deliveries;
      expect(logged.map((d) => [d.attempt, d.status])).toEqual([
        [1, 503],
        [2, 503],
        [3, 503],
      ]);
    } finally {
      rcv.respond = () => 200;
    }
  });
});
