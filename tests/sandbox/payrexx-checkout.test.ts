// The emulated Payrexx payment page and webhooks: a test card pays, another is
// declined, Cancel cancels, each sending the buyer to the gateway's URL for it; the
// webhook set in the instance's admin hears every transaction change, unsigned as
// Payrexx sends it, in JSON or PHP-Post form, retried on failure, resent on demand;
// refunds through the API and the admin, and a chargeback.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, startTestSandbox } from "./helpers";
import { api, DEMO, newGateway, payWith, startReceiver, submit, waitFor, type Receiver } from "./payrexx-helpers";

let sb: Sandbox;
let rcv: Receiver;

beforeAll(async () => {
  sb = await startTestSandbox();
  rcv = await startReceiver();
});
beforeEach(async () => {
  rcv.respond = () => 200;
  expect((await control(sb, "POST", "payrexx/webhook-url", { instance: DEMO.instance, url: rcv.url })).status).toBe(200);
});
afterAll(async () => {
  await sb.stop();
  await rcv.close();
});

const aboutTx = (id: number) => rcv.received.filter((r) => r.json?.transaction.id === id);
const transactionOf = async (gatewayId: number): Promise<any> => {
  const [g] = await api(sb, "GET", `Gateway/${gatewayId}/`);
  const id = (g as any).invoices[0].transactions[0].id;
  return (await api(sb, "GET", `Transaction/${id}/`))[0];
};

describe("payment page", () => {
  it("pays with 4242…: the buyer goes to the success URL, the gateway and its transaction are confirmed, two webhooks follow", async () => {
    const g = await newGateway(sb, { referenceId: "order-paid", fields: { email: { value: "pia@example.com" } } });
    const page = await fetch(g.link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("CHF 50.00");
    expect(html).toContain('value="pia@example.com"');

    const res = await payWith(g.link, "4242 4242 4242 4242");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://shop.test/ok");
    const [gateway] = (await api(sb, "GET", `Gateway/${g.id}/`)) as any[];
    expect(gateway.status).toBe("confirmed");
    const tx = await transactionOf(g.id);
    expect(tx).toMatchObject({ status: "confirmed", amount: 5000, referenceId: "order-paid", invoice: { paymentRequestId: g.id, referenceId: "order-paid", originalAmount: 5000, refundedAmount: 0, currency: "CHF" }, contact: { email: "pia@example.com" }, payment: { brand: "visa", cardNumber: "424242******4242" } });

    const hooks = await waitFor("both webhooks", () => (aboutTx(tx.id).length === 2 ? aboutTx(tx.id) : undefined));
    expect(hooks.map((h) => h.json!.transaction.status)).toEqual(["waiting", "confirmed"]);
    expect(hooks[1]!.contentType).toBe("application/json");
    // Payrexx documents no webhook signature, and the sandbox adds none.
    expect(Object.keys(hooks[1]!.headers).filter((h) => /signature/i.test(h))).toEqual([]);

    const again = await payWith(g.link, "4242424242424242");
    expect(again.status).toBe(409);
  });

  it("declines 4000…0002 to the failed URL, cancels to the cancel URL, and keeps a bad card number on the page", async () => {
    const declined = await newGateway(sb);
    const wrong = await submit(declined.link, { action: "pay", card_number: "4242 4242 4242 4241" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Please enter a valid card number.");
    const res = await payWith(declined.link, "4000 0000 0000 0002");
    expect(res.headers.get("location")).toBe("http://shop.test/failed");
    expect(await transactionOf(declined.id)).toMatchObject({ status: "declined" });

    const cancelled = await newGateway(sb);
    const back = await submit(cancelled.link, { action: "cancel" });
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("http://shop.test/cancel");
    expect(((await api(sb, "GET", `Gateway/${cancelled.id}/`))[0] as any).status).toBe("cancelled");
    const tx = await transactionOf(cancelled.id);
    await waitFor("the cancel webhook", () => aboutTx(tx.id).find((h) => h.json!.transaction.status === "cancelled"));
  });

  it("pays with TWINT, and refuses a page past its validity", async () => {
    const twint = await newGateway(sb);
    expect((await submit(twint.link, { action: "twint" })).status).toBe(303);
    expect(await transactionOf(twint.id)).toMatchObject({ status: "confirmed", payment: { brand: "twint" } });

    const short = await newGateway(sb, { validity: 5 });
    await control(sb, "POST", "clock", { advanceSeconds: 6 * 60 });
    expect((await fetch(short.link)).status).toBe(410);
    expect((await payWith(short.link, "4242424242424242")).status).toBe(410);
  });
});

describe("refunds and webhooks", () => {
  it("refunds part, then the rest, refuses more, and reports each in the payment's webhook with the refunded total", async () => {
    const g = await newGateway(sb);
    await payWith(g.link, "4242424242424242");
    const tx = await transactionOf(g.id);
    const [partial] = (await api(sb, "POST", `Transaction/${tx.id}/refund`, { amount: 2000 })) as any[];
    expect(partial).toMatchObject({ status: "refunded", amount: 2000, originalTransactionId: tx.id });
    expect(((await api(sb, "GET", `Transaction/${tx.id}/`))[0] as any)).toMatchObject({ status: "partially-refunded", invoice: { refundedAmount: 2000 } });
    await expect(api(sb, "POST", `Transaction/${tx.id}/refund`, { amount: 4000 })).rejects.toMatchObject({ httpStatus: 400 });
    await api(sb, "POST", `Transaction/${tx.id}/refund`);
    expect(((await api(sb, "GET", `Transaction/${tx.id}/`))[0] as any)).toMatchObject({ status: "refunded", invoice: { refundedAmount: 5000 } });
    await expect(api(sb, "POST", `Transaction/${tx.id}/refund`)).rejects.toMatchObject({ payrexxMessage: "An error occurred: The transaction is already refunded" });
    const hooks = await waitFor("refund webhooks", () => (aboutTx(tx.id).length === 4 ? aboutTx(tx.id) : undefined));
    expect(hooks.map((h) => [h.json!.transaction.status, h.json!.transaction.invoice.refundedAmount])).toEqual([
      ["waiting", 0],
      ["confirmed", 0],
      ["partially-refunded", 2000],
      ["refunded", 5000],
    ]);
  });

  it("refunds from the admin and records a chargeback, without an API call", async () => {
    const g = await newGateway(sb);
    await payWith(g.link, "5555555555554444");
    const tx = await transactionOf(g.id);
    const refund = await control<any>(sb, "POST", "payrexx/dashboard-refund", { transaction: tx.id, amount: 1000 });
    expect(refund).toMatchObject({ status: 200, body: { transaction: { status: "partially-refunded", invoice: { refundedAmount: 1000 } } } });
    const cb = await control<any>(sb, "POST", "payrexx/chargeback", { transaction: tx.id });
    expect(cb.body.status).toBe("chargeback");
    await waitFor("the chargeback webhook", () => aboutTx(tx.id).find((h) => h.json!.transaction.status === "chargeback"));
  });

  it("retries a failed delivery three times, sends PHP-Post form bodies when asked, resends and replays on demand", async () => {
    rcv.respond = () => 500;
    const g = await newGateway(sb);
    await payWith(g.link, "4242424242424242");
    const tx = await transactionOf(g.id);
    const deliveries = async () => (await control<any>(sb, "GET", `payrexx/deliveries?transaction=${tx.id}`)).body.deliveries as any[];
    await waitFor("three attempts of each webhook", () => aboutTx(tx.id).length === 6, 8000);
    const confirmed = (await deliveries()).filter((d) => d.reported === "confirmed");
    expect(confirmed.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 500], [3, 500]]);

    rcv.respond = () => 200;
    await control(sb, "POST", "payrexx/webhook-url", { instance: DEMO.instance, url: rcv.url, contentType: "form" });
    const resent = await control<any>(sb, "POST", "payrexx/resend", { transaction: tx.id, times: 3 });
    expect(resent.body).toMatchObject({ statuses: [200, 200, 200], delivered: 3 });
    const form = rcv.received.at(-1)!;
    expect(form.contentType).toBe("application/x-www-form-urlencoded");
    const fields = new URLSearchParams(form.body);
    expect(fields.get("transaction[id]")).toBe(String(tx.id));
    expect(fields.get("transaction[status]")).toBe("confirmed");
    expect(fields.get("transaction[invoice][referenceId]")).toBe("order-1");

    // A late retry of the old "waiting" delivery, byte for byte.
    const waiting = (await deliveries()).find((d) => d.reported === "waiting")!;
    const replay = await control<any>(sb, "POST", "payrexx/resend", { delivery: waiting.id });
    expect(replay.body.statuses).toEqual([200]);
    expect(rcv.received.at(-1)!.body).toBe(waiting.body);
  });
});
