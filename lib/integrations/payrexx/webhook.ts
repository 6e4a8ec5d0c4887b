// How a Payrexx webhook is known to be real, and what identifies it.
//
// What Payrexx documents (https://docs.payrexx.com/developer/guides/webhook and
// https://developers.payrexx.com/docs/webhooks, read for this connector): the webhook
// URL is set per instance in the Payrexx admin (not by API); the body is the
// transaction under "transaction", as JSON or PHP-style form fields; it is sent on
// every status change (waiting, confirmed, cancelled, declined, refunded,
// partially-refunded, chargeback, error, …; "for one successful payment, you will
// get two webhook requests"); with retries switched on, 10 attempts over five days;
// 20 s to answer. It documents no signature: no signing header, no timestamp.
// Payrexx's own shop plugins (WooCommerce, Shopware 6, JTL) instead read the
// transaction back from the API and compare its status.
//
// So: the URL the admin pastes into Payrexx carries a token, an HMAC of this
// connection's id keyed by its API secret, compared in constant time; a missing or
// forged token, or another connection's, is refused with 400 and nothing is stored.
// There is no replay protection from Payrexx. A genuine body sent again is stored
// once per (instance, transaction, status, refunded total), and processing acts only
// on the transaction as Payrexx's API returns it then, so neither a replay nor a late
// retry can move an order beyond what Payrexx confirms.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { appUrl } from "@/lib/config";
import type { InboundRequest, VerifiedCallback } from "../contract/inbound";
import type { PayrexxContext } from "./manifest";
import type { PayrexxCredentials } from "./manifest";
import { parseWebhookBody } from "./webhook-body";

export function webhookToken(apiSecret: string, connectionId: string): string {
  return createHmac("sha256", apiSecret).update(`switchboard:payrexx-webhook:${connectionId}`).digest("base64url").slice(0, 32);
}

/**
 * The URL to paste into Payrexx: our inbound route (the one inboundWebhookUrl gives;
 * imported from there it would close an import cycle through the registry) plus the token.
 */
export function payrexxWebhookUrl(connectionId: string, creds: Pick<PayrexxCredentials, "apiSecret">): string {
  return `${appUrl()}/api/webhooks/payrexx?connection=${connectionId}&token=${webhookToken(creds.apiSecret, connectionId)}`;
}

function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHmac("sha256", "payrexx-token-compare").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const cents = z.coerce.number().int();

const transactionBody = z.looseObject({
  transaction: z.looseObject({
    id: z.coerce.number().int(),
    status: z.string().min(1),
    amount: cents.nullish(),
    invoice: z.looseObject({ refundedAmount: cents.nullish() }).nullish(),
  }),
});

/** Subscription and payout webhooks, if the merchant left them on: kept, and ignored by processing. */
const otherBody = z.union([
  z.object({ subscription: z.looseObject({ id: z.coerce.number().int(), status: z.string().min(1) }) }).transform((b) => ({ kind: "subscription", ...b.subscription })),
  z.object({ payout: z.looseObject({ id: z.union([z.string(), z.number()]), status: z.string().min(1) }) }).transform((b) => ({ kind: "payout", ...b.payout })),
]);

export async function verifyPayrexxWebhook(req: InboundRequest, ctx: PayrexxContext): Promise<VerifiedCallback> {
  const token = req.url ? new URL(req.url).searchParams.get("token") : null;
  if (!token || !sameToken(token, webhookToken(ctx.credentials.apiSecret, ctx.connection.id))) throw new Error("Missing or wrong webhook token");
  const body = parseWebhookBody(req.rawBody, req.headers.get("content-type"));
  const instance = ctx.credentials.instance;
  const tx = transactionBody.safeParse(body);
  if (tx.success) {
    const t = tx.data.transaction;
    // Payrexx sends a payment again on each change, partial refunds included: the refunded total tells those apart.
    const refunded = t.invoice?.refundedAmount ?? (t.status.includes("refund") ? (t.amount ?? 0) : 0);
    return { externalId: `${instance}:${t.id}:${t.status}:${refunded}`, type: `transaction.${t.status}`, payload: tx.data };
  }
  const other = otherBody.parse(body);
  return { externalId: `${instance}:${other.kind}:${other.id}:${other.status}`, type: `${other.kind}.${other.status}`, payload: body };
}
