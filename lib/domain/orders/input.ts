import { z } from "zod";
import { buyerFields } from "../buyer";

export const checkoutInput = z.object({
  items: z
    .array(
      z.object({
        ticketTypeId: z.uuid("Choose a ticket type"),
        quantity: z.coerce.number().int("Choose a whole number of tickets").min(0).max(10, "At most 10 tickets of one type"),
      }),
    )
    .max(100, "At most 100 kinds of ticket in one order")
    .transform((items) => items.filter((i) => i.quantity > 0))
    .refine((items) => items.length > 0, "Choose at least one ticket")
    .refine((items) => items.reduce((n, i) => n + i.quantity, 0) <= 20, "At most 20 tickets per order"),
  ...buyerFields,
  /** The payment gateway the buyer picked; may be left out when the organizer offers only one. */
  gateway: z.string().max(40).optional(),
  /** Made by the page when it is shown, so a double submit finds the order the first one made. */
  attempt: z.uuid("Reload the page and try again"),
});
export type CheckoutInput = z.input<typeof checkoutInput>;
