// A webhook's body in the content type the merchant chose in the Payrexx admin:
// JSON, or "Normal (PHP-Post)", i.e. form fields in PHP's nested style
// (transaction[invoice][referenceId]=…), as https://docs.payrexx.com/developer/guides/webhook
// describes. Both carry one object under "transaction".
import { phpUrlencode } from "../signature";
import type { WebhookContentType } from "../state";

function flatten(prefix: string, value: unknown, out: Array<[string, string]>): void {
  if (value === null || value === undefined) return; // http_build_query leaves nulls out
  if (typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
    for (const [k, v] of entries) flatten(`${prefix}[${k}]`, v, out);
    return;
  }
  out.push([prefix, typeof value === "boolean" ? (value ? "1" : "0") : String(value)]);
}

export function webhookBody(transaction: Record<string, unknown>, contentType: WebhookContentType): { body: string; type: string } {
  if (contentType === "json") return { body: JSON.stringify({ transaction }), type: "application/json" };
  const pairs: Array<[string, string]> = [];
  flatten("transaction", transaction, pairs);
  return { body: pairs.map(([k, v]) => `${phpUrlencode(k)}=${phpUrlencode(v)}`).join("&"), type: "application/x-www-form-urlencoded" };
}
