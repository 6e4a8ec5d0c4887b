// What the admin sees on an order about its booking: QuickBooks' own words when
// it refused a document (a duplicate name, a closed period), cleared once booked;
// and a receipt voided in QuickBooks.
import { noteOnOrder, resolveOrderNote } from "@/lib/order-notes/store";
import { ProviderCallError } from "../contract";
import { QuickBooksApiError } from "./client";
import type { QuickBooksContext } from "./manifest";

export const NOTE = { booking: "quickbooks:booking", refund: "quickbooks:refund", voided: "quickbooks:voided" } as const;

function providerWords(err: unknown): string | null {
  const cause = err instanceof ProviderCallError ? err.cause : err;
  if (cause instanceof QuickBooksApiError && cause.status === 400) return cause.providerMessage;
  return null;
}

/**
 * Runs one booking of an order; a document QuickBooks refused is noted on the
 * order with its message (and still thrown, so the delivery shows it failed,
 * once: a refusal is not retried); a booking that succeeds clears the note.
 */
export async function withOrderNote(ctx: QuickBooksContext, orderId: string, key: string, what: string, book: () => Promise<void>): Promise<void> {
  try {
    await book();
  } catch (err) {
    const words = providerWords(err);
    if (words) await noteOnOrder(ctx.db, { orgId: ctx.connection.orgId, orderId, connectionId: ctx.connection.id, key, severity: "error", message: `QuickBooks refused the ${what}: ${words}` });
    throw err;
  }
  await resolveOrderNote(ctx.db, { orderId, connectionId: ctx.connection.id, key });
}
