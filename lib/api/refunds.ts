// /api/v1 refunds: asking the order's payment provider to refund one ticket or
// what is left of the order, through the same claimed refund path as the admin's
// button (lib/checkout/refunds): a refund asked for before is never asked again,
// whatever Idempotency-Key the repeat carries (409 says when it was asked).
import type { Db } from "@/lib/db/client";
import { requestRefund } from "@/lib/checkout/refunds";
import { ConflictError } from "@/lib/domain/errors";
import { ProviderCallError } from "@/lib/integrations/contract";
import { getOrder } from "./orders";
import { parseOr422, UpstreamError } from "./route";
import { CreateRefundBody, type ApiRefund } from "./schemas";

export async function createRefund(db: Db, orgId: string, orderId: string, body: unknown): Promise<ApiRefund> {
  const order = await getOrder(db, orgId, orderId);
  const v = parseOr422(CreateRefundBody, body);
  let answer;
  try {
    answer = await requestRefund(db, orgId, orderId, v.attendeeId);
  } catch (err) {
    if (err instanceof ProviderCallError) throw new UpstreamError(`The payment provider did not take the refund: ${err.failure.message}`);
    throw err;
  }
  if (answer.alreadyRequested) throw new ConflictError(answer.alreadyRequested);
  return { orderId, attendeeId: v.attendeeId ?? null, amountMinor: answer.amountMinor, currency: order.currency, status: "requested" };
}
