// Payrexx's REST API v1.0 over plain fetch. Payrexx publishes an SDK for PHP only
// (its reference: "At the moment there is only one SDK available"), and the npm
// package named "payrexx" is not Payrexx's, so requests are built here: the
// instance in the query string, the other parameters in the query (GET, DELETE) or
// a form body (POST), signed with ApiSignature so the secret itself never travels.
// Every call runs inside the connection's policy (ctx.call): timeout, retries,
// breaker, call log.
import type { z } from "zod";
import type { PayrexxContext, PayrexxCredentials } from "./manifest";
import { PayrexxApiError } from "./errors";
import { gatewayObject, refundedAmountOf, transactionObject, type PayrexxGateway, type PayrexxTransaction } from "./objects";
import { apiSignature, flattenParams, formEncode, type ParamValue } from "./signing";

export const API_VERSION = "v1.0";

export interface PayrexxRequest {
  method: "GET" | "POST" | "DELETE";
  /** Below the version: "Gateway/", "Transaction/123/refund/". */
  path: string;
  params?: Record<string, ParamValue>;
}

/** One request, one answer's `data` list; any other answer is a PayrexxApiError. */
export async function payrexxFetch(baseUrl: string, creds: PayrexxCredentials, req: PayrexxRequest, signal?: AbortSignal): Promise<unknown[]> {
  const pairs = flattenParams(req.params ?? {});
  const signed: Array<[string, string]> = [...pairs, ["ApiSignature", apiSignature(creds.apiSecret, pairs)]];
  const url = new URL(`${API_VERSION}/${req.path}`, baseUrl);
  const inQuery = req.method !== "POST";
  url.search = `instance=${encodeURIComponent(creds.instance)}${inQuery ? `&${formEncode(signed)}` : ""}`;
  const res = await fetch(url, {
    method: req.method,
    headers: inQuery ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
    body: inQuery ? undefined : formEncode(signed),
    signal,
  });
  const text = await res.text();
  type Envelope = { status?: unknown; data?: unknown; message?: unknown } | null;
  let body: Envelope;
  try {
    body = JSON.parse(text) as Envelope;
  } catch {
    body = null;
  }
  if (res.ok && body?.status === "success" && Array.isArray(body.data)) return body.data;
  const message = typeof body?.message === "string" ? body.message : `unexpected answer (${text.slice(0, 120) || "empty"})`;
  throw new PayrexxApiError(res.status, message, res.headers.get("retry-after"));
}

function firstOf<T>(schema: z.ZodType<T>, data: unknown[], what: string): T {
  if (data.length === 0) throw new PayrexxApiError(200, `No ${what} in the answer`);
  return schema.parse(data[0]);
}

const request = (ctx: PayrexxContext, req: PayrexxRequest, signal: AbortSignal) => payrexxFetch(ctx.baseUrl, ctx.credentials, req, signal);

/** Proves the instance name and API secret belong together; nothing else. */
export async function signatureCheck(ctx: PayrexxContext): Promise<void> {
  await ctx.call("SignatureCheck", (signal) => request(ctx, { method: "GET", path: "SignatureCheck/" }, signal));
}

export async function createGateway(ctx: PayrexxContext, params: Record<string, ParamValue>): Promise<PayrexxGateway> {
  const data = await ctx.call("Gateway.create", (signal) => request(ctx, { method: "POST", path: "Gateway/", params }, signal));
  return firstOf(gatewayObject, data, "gateway");
}

export async function retrieveGateway(ctx: PayrexxContext, id: string | number): Promise<PayrexxGateway> {
  const data = await ctx.call("Gateway.retrieve", (signal) => request(ctx, { method: "GET", path: `Gateway/${encodeURIComponent(String(id))}/` }, signal));
  return firstOf(gatewayObject, data, "gateway");
}

export async function retrieveTransaction(ctx: PayrexxContext, id: string | number): Promise<PayrexxTransaction> {
  const data = await ctx.call("Transaction.retrieve", (signal) => request(ctx, { method: "GET", path: `Transaction/${encodeURIComponent(String(id))}/` }, signal));
  return firstOf(transactionObject, data, "transaction");
}

/**
 * Payrexx takes no idempotency key, and the policy retries a refund whose answer was
 * lost. So each attempt first reads the payment: once the refunded total has reached
 * `target` (what it was before this refund plus its amount), the refund happened and
 * is not asked for again.
 */
export async function refundOnce(ctx: PayrexxContext, input: { transactionId: string; amount: number; target: number }): Promise<"refunded" | "already refunded"> {
  return ctx.call("Transaction.refund", async (signal) => {
    const current = firstOf(transactionObject, await request(ctx, { method: "GET", path: `Transaction/${encodeURIComponent(input.transactionId)}/` }, signal), "transaction");
    if (refundedAmountOf(current) >= input.target) return "already refunded" as const;
    await request(ctx, { method: "POST", path: `Transaction/${encodeURIComponent(input.transactionId)}/refund`, params: { amount: input.amount } }, signal);
    return "refunded" as const;
  });
}
