// Shared by the Payrexx sandbox tests: the demo instance, signed calls through the
// app's own client, a buyer's clicks on the payment page, and a webhook receiver.
import { listenForPosts } from "./post-listener";
import { payrexxFetch } from "../../lib/integrations/payrexx/client";
import type { ParamValue } from "../../lib/integrations/payrexx/signing";
import type { Sandbox } from "../../sandbox/server";

export const DEMO = { instance: "switchboard-demo", apiSecret: "payrexx-sandbox-secret-fake" };

export const api = (sb: Sandbox, method: "GET" | "POST" | "DELETE", path: string, params?: Record<string, ParamValue>, creds = DEMO) =>
  payrexxFetch(`${sb.url}/payrexx/`, creds, { method, path, params });

/** The same call, answered whatever it is: status and body. */
export async function raw(sb: Sandbox, path: string, init: RequestInit = {}): Promise<{ status: number; body: { status: string; message?: string; data?: any[] } }> {
  const res = await fetch(`${sb.url}/payrexx/${path}`, init);
  return { status: res.status, body: (await res.json()) as { status: string; message?: string; data?: any[] } };
}

export async function newGateway(sb: Sandbox, extra: Record<string, ParamValue> = {}, creds = DEMO): Promise<{ id: number; link: string; hash: string; status: string }> {
  const [g] = await api(sb, "POST", "Gateway/", {
    amount: 5000,
    currency: "CHF",
    purpose: "Test Conference",
    referenceId: "order-1",
    successRedirectUrl: "http://shop.test/ok",
    failedRedirectUrl: "http://shop.test/failed",
    cancelRedirectUrl: "http://shop.test/cancel",
    ...extra,
  }, creds);
  return g as { id: number; link: string; hash: string; status: string };
}

/** What a buyer's browser does on the page: submit the form with a button. */
export function submit(link: string, fields: Record<string, string>): Promise<Response> {
  return fetch(link, { method: "POST", body: new URLSearchParams({ email: "buyer@example.com", name: "Pia Payer", expiry: "12/34", cvc: "123", ...fields }), redirect: "manual" });
}

export const payWith = (link: string, card: string) => submit(link, { action: "pay", card_number: card });

export interface Received {
  contentType: string;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  json: { transaction: Record<string, any> } | null;
}

export interface Receiver {
  url: string;
  received: Received[];
  respond: (r: Received) => number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const listener = await listenForPosts("/api/webhooks/payrexx?connection=test&token=t", ({ raw, headers }) => {
    const contentType = String(headers["content-type"] ?? "");
    let json = null;
    try {
      json = contentType.startsWith("application/json") ? JSON.parse(raw) : null;
    } catch {
      json = null;
    }
    const r: Received = { contentType, body: raw, headers, json };
    received.push(r);
    return { status: receiver.respond(r), body: "{}" };
  });
  const receiver: Receiver = { url: listener.url, received, respond: () => 200, close: listener.close };
  return receiver;
}

export { waitFor } from "./helpers";
