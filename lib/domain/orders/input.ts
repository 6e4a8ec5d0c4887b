import { z } from "zod";
import { buyerFields, requirePhoneForSms } from "../buyer";

/** Per type, whatever lines they were sent on. */
export const PER_TYPE_MAX = 10;
const PER_ORDER_MAX = 20;
/** More lines than this cannot come from our page (one per ticket type); refused before any work is done. */
const LINES_MAX = 20;

export const checkoutInput = z.object({
  items: z
    .array(
      z.object({
        ticketTypeId: z.uuid("Choose a ticket type"),
        quantity: z.coerce.number().int("Choose a whole number of tickets").min(0).max(PER_TYPE_MAX, `At most ${PER_TYPE_MAX} tickets of one type`),
      }),
    )
    .max(LINES_MAX, `At most ${LINES_MAX} lines per order`)
    // A type named on several lines is one line of their sum, so places are counted once per type.
    .transform((items) => {
      const merged = new Map<string, number>();
      for (const i of items) if (i.quantity > 0) merged.set(i.ticketTypeId, (merged.get(i.ticketTypeId) ?? 0) + i.quantity);
      return [...merged].map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity }));
    })
    .refine((items) => items.length > 0, "Choose at least one ticket")
    .refine((items) => items.every((i) => i.quantity <= PER_TYPE_MAX), `At most ${PER_TYPE_MAX} tickets of one type`)
    .refine((items) => items.reduce((n, i) => n + i.quantity, 0) <= PER_ORDER_MAX, `At most ${PER_ORDER_MAX} tickets per order`),
  ...buyerFields,
  /** The payment gateway the buyer picked; may be left out when the organizer offers only one. */
  gateway: z.string().max(40).optional(),
  /** Made by the page when it is shown, so a double submit finds the order the first one made. */
  attempt: z.uuid("Reload the page and try again"),
  /** The visitor's analytics client id, sent only when they accepted the page's tag; a malformed one is dropped, never an error. */
  analyticsClientId: z.string().regex(/^\d{1,20}\.\d{1,20}$/).optional().catch(undefined),
}).superRefine(requirePhoneForSms);
export type CheckoutInput = z.input<typeof checkoutInput>;
