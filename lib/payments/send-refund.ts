// A claimed refund (see ./refund-claims) sent to the gateway with the claim's
// idempotency key. Succeeded, the claim is done; failed, it is released with its
// error and the error is thrown on.
import type { Db } from "@/lib/db/client";
import type { OrderRow } from "@/lib/db/schema";
import { ConflictError } from "@/lib/domain/errors";
import type { GatewayRefunds } from "./gateway-refunds";
import { idempotencyKeyOf, markClaimRequested, releaseClaim, type RefundClaim } from "./refund-claims";

/**
 * A provider failure that retrying cannot fix (refused credentials, a request the
 * provider rejects): the call policy's errors say so in `permanent`. Read as a flag
 * so the rules here need nothing from lib/integrations, whose providers import them.
 */
function isPermanent(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { permanent?: unknown }).permanent === true;
}

export async function sendClaimedRefund<Ctx>(db: Db, gateway: GatewayRefunds<Ctx>, ctx: Ctx, order: OrderRow, claim: RefundClaim): Promise<void> {
  try {
    await gateway.refund(ctx, { order, amountMinor: claim.amount_minor, attendeeIds: claim.attendee_ids, idempotencyKey: idempotencyKeyOf(claim), claim });
  } catch (err) {
    const refused = isPermanent(err) || err instanceof ConflictError;
    await releaseClaim(db, claim.id, { error: (err as Error).message, refused, mayBeUnderWay: !gateway.refundsReplayKeys });
    throw err;
  }
  await markClaimRequested(db, claim.id);
}
