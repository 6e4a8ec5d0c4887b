// The PayPal emulation's REST side: OAuth client credentials, Orders v2 checked
// against PayPal's spec and business rules, approval, capture, refunds, and
// PayPal-Request-Id as PayPal honours it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, requestsOf, startTestSandbox } from "./helpers";
import { APP, OTHER_APP, approveLink, approvedOrder, clickOnApproval, paypalClient, ticketOrder, tokenFor, type PayPalClient } from "./paypal-helpers";

let sb: Sandbox;
let pp: PayPalClient;

beforeAll(async () => {
  sb = await startTestSandbox();
  pp = await paypalClient(sb);
});
afterAll(async () => {
  await sb.stop();
});

function tokenRequest(auth: string | null, body = "grant_type=client_credentials") {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (auth) headers.Authorization = `Basic ${Buffer.from(auth).toString("base64")}`;
  return fetch(`${sb.url}/paypal/v1/oauth2/token`, { method: "POST", headers, body });
}

describe("OAuth client credentials", () => {
  it("issues a 9-hour bearer token for a sensible client id and secret, and refuses the rest as PayPal does", async () => {
    const res = await tokenRequest(`${APP.clientId}:${APP.clientSecret}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 32400, access_token: expect.stringMatching(/^A21AA/), app_id: expect.stringMatching(/^APP-[0-9A-Z]{17}$/) });
    const again = await (await tokenRequest(`${APP.clientId}:${APP.clientSecret}`)).json();
    expect(again.app_id).toBe(body.app_id);

    for (const auth of [`${APP.clientId}:paypal-secret-invalid-000`, "short:paypal-sandbox-secret-fake", null]) {
      const refused = await tokenRequest(auth);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ error: "invalid_client", error_description: "Client Authentication failed" });
    }
    const noGrant = await tokenRequest(`${APP.clientId}:${APP.clientSecret}`, "");
    expect(noGrant.status).toBe(400);
    expect((await noGrant.json()).error).toBe("unsupported_grant_type");
  });

  it("refuses a missing, unknown, expired or revoked token", async () => {
    const none = await fetch(`${sb.url}/paypal/v2/checkout/orders/5O190127TN364715T`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ name: "AUTHENTICATION_FAILURE", debug_id: expect.any(String) });

    const token = await tokenFor(sb, OTHER_APP);
    const get = (t: string) => fetch(`${sb.url}/paypal/v1/notifications/webhooks`, { headers: { Authorization: `Bearer ${t}` } });
    expect((await get(token)).status).toBe(200);
    expect(await (await get("A21AAnot-a-token")).json()).toMatchObject({ error: "invalid_token" });
    expect((await control(sb, "POST", "revoke", { provider: "paypal", token })).body).toEqual({ provider: "paypal", revoked: 1 });
    expect((await get(token)).status).toBe(401);

    const fresh = await tokenFor(sb, OTHER_APP);
    await control(sb, "POST", "clock", { advanceSeconds: 32_400 });
    const expired = await get(fresh);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ error: "invalid_token", error_description: "Access Token not found in cache" });
    // Every token issued before the clock moved is now expired, the shared client's too.
    pp = await paypalClient(sb);
  });
});

describe("Orders v2", () => {
  it("refuses an order that breaks the spec with INVALID_REQUEST naming each field, and creates nothing", async () => {
    const before = (await control<{ paypal: { orders: unknown[] } }>(sb, "GET", "inbox.json")).body.paypal.orders.length;
    const malformed = ticketOrder() as any;
    malformed.intent = "SELL";
    delete malformed.purchase_units[0].amount.currency_code;
    malformed.purchase_units[0].items[0].quantity = "two";
    const res = await pp.call("POST", "/v2/checkout/orders", { body: malformed });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ name: "INVALID_REQUEST", message: expect.stringContaining("violates schema"), debug_id: expect.any(String) });
    const details = res.body.details as Array<{ field: string; issue: string; location: string }>;
    expect(details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "/intent", issue: "INVALID_PARAMETER_VALUE", location: "body" }),
        expect.objectContaining({ field: "/purchase_units/0/amount/currency_code", issue: "MISSING_REQUIRED_PARAMETER" }),
        expect.objectContaining({ field: "/purchase_units/0/items/0/quantity", issue: "INVALID_PARAMETER_SYNTAX" }),
      ]),
    );
    expect(res.headers.get("paypal-debug-id")).toBeTruthy();
    const logged = (await requestsOf(sb, "paypal")).at(-1)!;
    expect(logged.operation).toBe("paypal orders.create");
    expect(logged.validation.checked).toBe(true);
    expect(logged.validation.issues.length).toBeGreaterThanOrEqual(3);
    expect((await control<{ paypal: { orders: unknown[] } }>(sb, "GET", "inbox.json")).body.paypal.orders.length).toBe(before);

    expect((await pp.call("POST", "/v2/checkout/orders", { raw: "{not json" })).body.details[0].issue).toBe("MALFORMED_REQUEST_JSON");
    expect((await pp.call("POST", "/v2/checkout/orders", { raw: "intent=CAPTURE", contentType: "application/x-www-form-urlencoded" })).status).toBe(415);
    const tooLong = await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder(), requestId: "x".repeat(109) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details[0]).toMatchObject({ field: "PayPal-Request-Id", location: "header", issue: "INVALID_STRING_LENGTH" });
  });

  it("applies PayPal's money rules: totals that add up, decimals per currency", async () => {
    const mismatch = ticketOrder() as any;
    mismatch.purchase_units[0].amount.value = "30.00";
    expect((await pp.call("POST", "/v2/checkout/orders", { body: mismatch })).body).toMatchObject({ name: "UNPROCESSABLE_ENTITY", details: [{ issue: "AMOUNT_MISMATCH" }] });
    const items = ticketOrder() as any;
    items.purchase_units[0].items[0].quantity = "2";
    expect((await pp.call("POST", "/v2/checkout/orders", { body: items })).body.details[0].issue).toBe("ITEM_TOTAL_MISMATCH");
    const noTotal = ticketOrder() as any;
    delete noTotal.purchase_units[0].amount.breakdown;
    expect((await pp.call("POST", "/v2/checkout/orders", { body: noTotal })).body.details[0].issue).toBe("ITEM_TOTAL_REQUIRED");
    expect((await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder({ currency: "JPY", value: "1500.00" }) })).body.details[0].issue).toBe("DECIMALS_NOT_SUPPORTED");
    expect((await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder({ value: "25.001" }) })).body.details[0].issue).toBe("DECIMAL_PRECISION");
    expect((await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder({ currency: "XOF", value: "1500" }) })).body.details[0].issue).toBe("CURRENCY_NOT_SUPPORTED");
    const yen = await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder({ currency: "JPY", value: "1500" }), prefer: "representation" });
    expect(yen.status).toBe(201);
    expect(yen.body.purchase_units[0].amount).toEqual({ currency_code: "JPY", value: "1500", breakdown: { item_total: { currency_code: "JPY", value: "1500" } } });
  });

  it("asks the buyer to act (payer-action) with payment_source, or to approve with the older application_context", async () => {
    const current = await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder() });
    expect(current.status).toBe(201);
    expect(current.body).toMatchObject({ id: expect.stringMatching(/^[0-9A-Z]{17}$/), status: "PAYER_ACTION_REQUIRED" });
    expect(approveLink(current.body)).toBe(`${sb.url}/paypal/checkoutnow?token=${current.body.id}`);
    expect(current.body.links.map((l: { rel: string }) => l.rel)).toContain("payer-action");
    const legacy = await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder({ legacy: true }) });
    expect(legacy.body.status).toBe("CREATED");
    expect(legacy.body.links.map((l: { rel: string }) => l.rel)).toContain("approve");
    const read = await pp.call("GET", `/v2/checkout/orders/${current.body.id}`);
    expect(read.body).toMatchObject({ intent: "CAPTURE", purchase_units: [{ reference_id: "default", custom_id: "order-1", amount: { value: "25.00" }, payee: { merchant_id: expect.any(String) } }] });
  });

  it("refuses to capture before the buyer approved (422 ORDER_NOT_APPROVED), then captures once", async () => {
    const created = await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder() });
    const early = await pp.call("POST", `/v2/checkout/orders/${created.body.id}/capture`, { body: {}, requestId: `capture-${created.body.id}` });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ name: "UNPROCESSABLE_ENTITY", details: [{ issue: "ORDER_NOT_APPROVED", description: expect.stringContaining("approve") }] });

    const page = await fetch(approveLink(created.body));
    const html = await page.text();
    expect(html).toContain(">Pay with PayPal</button>");
    expect(html).toContain(">Cancel</button>");
    const approved = await clickOnApproval(approveLink(created.body), "approve");
    expect(approved.status).toBe(303);
    const back = new URL(approved.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe("http://localhost:3000/e/launch/orders/o1/return");
    expect(back.searchParams.get("token")).toBe(created.body.id);
    expect(back.searchParams.get("PayerID")).toMatch(/^[0-9A-Z]{13}$/);
    expect((await pp.call("GET", `/v2/checkout/orders/${created.body.id}`)).body).toMatchObject({ status: "APPROVED", payer: { payer_id: back.searchParams.get("PayerID") } });

    // The early refusal was not remembered: the same PayPal-Request-Id captures now.
    const captured = await pp.call("POST", `/v2/checkout/orders/${created.body.id}/capture`, { body: {}, requestId: `capture-${created.body.id}`, prefer: "representation" });
    expect(captured.status).toBe(201);
    const capture = captured.body.purchase_units[0].payments.captures[0];
    expect(captured.body.status).toBe("COMPLETED");
    expect(capture).toMatchObject({ status: "COMPLETED", amount: { currency_code: "EUR", value: "25.00" }, custom_id: "order-1", final_capture: true });
    expect(capture.seller_receivable_breakdown).toMatchObject({ gross_amount: { value: "25.00" }, paypal_fee: { value: "1.22" }, net_amount: { value: "23.78" } });
  });

  it("sends a cancelling buyer to cancel_url with the token, and the order stays unapproved", async () => {
    const created = await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder() });
    const res = await clickOnApproval(approveLink(created.body), "cancel");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`http://localhost:3000/e/launch?checkout=cancelled&token=${created.body.id}`);
    expect((await pp.call("GET", `/v2/checkout/orders/${created.body.id}`)).body.status).toBe("PAYER_ACTION_REQUIRED");
  });

  it("honours PayPal-Request-Id: the latest state of what the first request made, never a second order or capture", async () => {
    const first = await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder({ customId: "order-idem" }), requestId: "checkout-order-idem" });
    const again = await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder({ customId: "order-idem" }), requestId: "checkout-order-idem" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    await clickOnApproval(approveLink(first.body), "approve");
    const capture = () => pp.call("POST", `/v2/checkout/orders/${first.body.id}/capture`, { body: {}, requestId: "capture-order-idem", prefer: "representation" });
    const [a, b] = [await capture(), await capture()];
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body.purchase_units[0].payments.captures[0].id).toBe(a.body.purchase_units[0].payments.captures[0].id);
    // The create key now shows the order as it is: captured.
    expect((await pp.call("POST", "/v2/checkout/orders", { body: ticketOrder(), requestId: "checkout-order-idem" })).body.status).toBe("COMPLETED");

    const otherKey = await pp.call("POST", `/v2/checkout/orders/${first.body.id}/capture`, { body: {}, requestId: "capture-order-idem-2" });
    expect(otherKey.body.details[0].issue).toBe("ORDER_ALREADY_CAPTURED");
    const reused = await pp.call("POST", `/v2/payments/captures/${a.body.purchase_units[0].payments.captures[0].id}/refund`, { body: {}, requestId: "capture-order-idem" });
    expect(reused.status).toBe(422);
    expect(reused.body.details[0].issue).toBe("PAYPAL_REQUEST_ID_PREVIOUSLY_USED");
  });

  it("refunds in part and in full with PayPal's refusals, and shows the refunds on the order", async () => {
    const id = await approvedOrder(sb, pp, "balance", ticketOrder({ value: "50.00" }));
    const order = await pp.call("POST", `/v2/checkout/orders/${id}/capture`, { body: {}, prefer: "representation" });
    const captureId = order.body.purchase_units[0].payments.captures[0].id;
    const refund = (body: unknown, requestId?: string) => pp.call("POST", `/v2/payments/captures/${captureId}/refund`, { body, requestId, prefer: "representation" });

    const partial = await refund({ amount: { currency_code: "EUR", value: "20.00" }, custom_id: "att-1" }, "refund-att-1");
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({ status: "COMPLETED", amount: { value: "20.00" }, custom_id: "att-1", seller_payable_breakdown: { total_refunded_amount: { value: "20.00" } } });
    expect((await refund({ amount: { currency_code: "EUR", value: "20.00" }, custom_id: "att-1" }, "refund-att-1")).body.id).toBe(partial.body.id);
    expect((await pp.call("GET", `/v2/payments/captures/${captureId}`)).body).toMatchObject({ status: "PARTIALLY_REFUNDED", supplementary_data: { related_ids: { order_id: id } } });

    expect((await refund({ amount: { currency_code: "EUR", value: "40.00" } })).body.details[0].issue).toBe("REFUND_AMOUNT_EXCEEDED");
    expect((await refund({})).body.details[0].issue).toBe("REFUND_NOT_ALLOWED");
    expect((await refund({ amount: { currency_code: "USD", value: "1.00" } })).body.details[0].issue).toBe("REFUND_CAPTURE_CURRENCY_MISMATCH");
    const rest = await refund({ amount: { currency_code: "EUR", value: "30.00" } });
    expect(rest.body.seller_payable_breakdown.total_refunded_amount.value).toBe("50.00");
    expect((await pp.call("GET", `/v2/payments/captures/${captureId}`)).body.status).toBe("REFUNDED");
    expect((await refund({ amount: { currency_code: "EUR", value: "1.00" } })).body.details[0].issue).toBe("CAPTURE_FULLY_REFUNDED");

    const refunds = (await pp.call("GET", `/v2/checkout/orders/${id}`)).body.purchase_units[0].payments.refunds;
    expect(refunds.map((r: { id: string; custom_id?: string }) => [r.id, r.custom_id ?? null])).toEqual([
      [partial.body.id, "att-1"],
      [rest.body.id, null],
    ]);
    expect((await pp.call("GET", `/v2/payments/refunds/${partial.body.id}`)).body.links.find((l: { rel: string }) => l.rel === "up").href).toContain(captureId);
  });

  it("keeps each app's objects to itself", async () => {
    const id = await approvedOrder(sb, pp);
    const other = await paypalClient(sb, OTHER_APP);
    const res = await other.call("GET", `/v2/checkout/orders/${id}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ name: "RESOURCE_NOT_FOUND", details: [{ issue: "INVALID_RESOURCE_ID", field: "order_id", value: id, location: "path" }] });
    expect((await other.call("POST", `/v2/checkout/orders/${id}/capture`, { body: {} })).status).toBe(404);
  });

  it("answers injected faults in PayPal's error shape", async () => {
    await control(sb, "POST", "faults", { provider: "paypal", match: "/v2/checkout/orders", kind: "status", status: 500 });
    const res = await pp.call("GET", "/v2/checkout/orders/5O190127TN364715T");
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ name: "INTERNAL_SERVER_ERROR", debug_id: expect.any(String) });
    await control(sb, "POST", "faults", { provider: "paypal", kind: "rate_limit", retryAfterSeconds: 2 });
    const limited = await pp.call("GET", "/v2/checkout/orders/5O190127TN364715T");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.body.name).toBe("RATE_LIMIT_REACHED");
  });

  it("shows PayPal on the inbox page and in inbox.json", async () => {
    const html = await (await fetch(`${sb.url}/`)).text();
    expect(html).toContain('<section id="paypal"><h2>PayPal');
    const inbox = (await control<{ paypal: { orders: Array<{ status: string; capture: unknown }> } }>(sb, "GET", "inbox.json")).body;
    expect(inbox.paypal.orders.some((o) => o.status === "COMPLETED" && o.capture !== null)).toBe(true);
  });
});
