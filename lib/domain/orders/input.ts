import { z } from "zod";

export const checkoutInput = z.object({
  items: z
    .array(
      z.object({
        ticketTypeId: z.uuid("Choose a ticket type"),
        quantity: z.coerce.number().int("Choose a whole number of tickets").min(0).max(10, "At most 10 tickets of one type"),
      }),
    )
    .transform((items) => items.filter((i) => i.quantity > 0))
    .refine((items) => items.length > 0, "Choose at least one ticket")
    .refine((items) => items.reduce((n, i) => n + i.quantity, 0) <= 20, "At most 20 tickets per order"),
  name: z.string().trim().min(1, "Enter your name").max(200, "Keep your name under 200 characters"),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address, such as ana@example.com")),
  phone: z
    .string()
    .trim()
    .max(32, "Keep the phone number under 32 characters")
    .regex(/^(\+?[0-9 ()-]{6,})?$/, "Enter a phone number with digits, such as +41 44 123 45 67")
    .optional()
    .transform((v) => (v ? v : null)),
  /** Made by the page when it is shown, so a double submit finds the order the first one made. */
  attempt: z.uuid("Reload the page and try again"),
});
export type CheckoutInput = z.input<typeof checkoutInput>;
