// Shared by the PayPal sandbox tests: a bare REST client (PayPal's server SDK cannot
// be pointed at the sandbox, see lib/integrations/paypal/client.ts), a webhook
// receiver that keeps the raw body and headers, and a buyer's clicks on the
// approval page.
import { listenForPosts } from "./post-listener";
import type { Sandbox } from "../../sandbox/server";

/** Obviously fake credentials, shaped like PayPal's. */
export const APP = { clientId: "paypal-sandbox-client-fake", clientSecret: "paypal-sandbox-secret-fake" };
export const OTHER_APP = { clientId: "paypal-sandbox-client-other", clientSecret: "paypal-sandbox-secret-other" };

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function tokenFor(sb: Sandbox, app = APP): Promise<string> {
  const res = await fetch(`${sb.url}/paypal/v1/oauth2/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

export interface PayPalClient {
  token: string;
  call<T = any>(method: string, path: string, opts?: { body?: unknown; requestId?: string; prefer?: "minimal" | "representation"; raw?: string; contentType?: string }): Promise<Answer<T>>;
}

export async function paypalClient(sb: Sandbox, app = APP): Promise<PayPalClient> {
  const token = await tokenFor(sb, app);
  return {
    token,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
      if (opts.body !== undefined || opts.raw !== undefined) headers["Content-Type"] = opts.contentType ?? "application/json";
      if (opts.requestId) headers["PayPal-Request-Id"] = opts.requestId;
      if (opts.prefer) headers.Prefer = `return=${opts.prefer}`;
      const res = await fetch(`${sb.url}/paypal${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    },
  };
}

/** A one-ticket order in the shape Switchboard sends. */
export function ticketOrder(overrides: { value?: string; currency?: string; customId?: string; invoiceId?: string; returnUrl?: string; cancelUrl?: string; legacy?: boolean } = {}) {
  const currency = overrides.currency ?? "EUR";
  const value = overrides.value ?? "25.00";
  const urls = { return_url: overrides.returnUrl ?? "http://localhost:3000/e/launch/orders/o1/return", cancel_url: overrides.cancelUrl ?? "http://localhost:3000/e/launch?checkout=cancelled" };
  return {
    intent: "CAPTURE",
    purchase_units: [
      {
        custom_id: overrides.customId ?? "order-1",
        ...(overrides.invoiceId ? { invoice_id: overrides.invoiceId } : {}),
        amount: { currency_code: currency, value, breakdown: { item_total: { currency_code: currency, value } } },
        items: [{ name: "Launch: General admission", quantity: "1", unit_amount: { currency_code: currency, value }, category: "DIGITAL_GOODS" }],
      },
    ],
    ...(overrides.legacy ? { application_context: urls } : { payment_source: { paypal: { experience_context: { ...urls, user_action: "PAY_NOW", shipping_preference: "NO_SHIPPING" } } } }),
  };
}

export function approveLink(order: { links: Array<{ rel: string; href: string }> }): string {
  const l = order.links.find((x) => x.rel === "payer-action" || x.rel === "approve");
  if (!l) throw new Error("no approval link");
  return l.href;
}

/** The buyer clicks a button on the approval page; answers where the browser is sent. */
export async function clickOnApproval(url: string, action: "approve" | "cancel", funding: "balance" | "echeck" = "balance"): Promise<Response> {
  return fetch(url, { method: "POST", body: new URLSearchParams({ action, funding }), redirect: "manual" });
}

/** Creates an order and has the buyer approve it: the order id. */
export async function approvedOrder(sb: Sandbox, pp: PayPalClient, funding: "balance" | "echeck" = "balance", order = ticketOrder()): Promise<string> {
  const created = await pp.call("POST", "/v2/checkout/orders", { body: order });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const res = await clickOnApproval(approveLink(created.body), "approve", funding);
  if (res.status !== 303) throw new Error(`approval failed: ${res.status}`);
  return created.body.id;
}

export interface Received {
  raw: string;
  headers: Record<string, string>;
  event: any;
}

export interface Receiver {
  url: string;
  received: Received[];
  respond: (r: Received) => number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const listener = await listenForPosts("/api/webhooks/paypal", ({ raw, headers }) => {
    const entry = { raw, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])), event: JSON.parse(raw) };
    received.push(entry);
    return { status: receiver.respond(entry) };
  });
  const receiver: Receiver = { url: listener.url, received, respond: () => 200, close: listener.close };
  return receiver;
}

/** What verify-webhook-signature is asked about one received delivery. */
export function verificationOf(r: Received, webhookId: string) {
  return {
    auth_algo: r.headers["paypal-auth-algo"],
    cert_url: r.headers["paypal-cert-url"],
    transmission_id: r.headers["paypal-transmission-id"],
    transmission_sig: r.headers["paypal-transmission-sig"],
    transmission_time: r.headers["paypal-transmission-time"],
    webhook_id: webhookId,
    webhook_event: JSON.parse(r.raw),
  };
}

export { waitFor } from "./helpers";
