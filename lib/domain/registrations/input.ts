import { z } from "zod";

export const registrationInput = z.object({
  ticketTypeId: z.uuid("Choose a ticket type"),
  quantity: z.coerce
    .number({ error: "Choose how many tickets" })
    .int("Choose a whole number of tickets")
    .min(1, "Choose at least 1 ticket")
    .max(10, "At most 10 tickets per registration"),
  name: z.string().trim().min(1, "Enter your name").max(200, "Keep your name under 200 characters"),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address, such as ana@example.com")),
  phone: z
    .string()
    .trim()
    .max(32, "Keep the phone number under 32 characters")
    .regex(/^(\+?[0-9 ()-]{6,})?$/, "Enter a phone number with digits, such as +41 44 123 45 67")
    .optional()
    .transform((v) => (v ? v : null)),
});
export type RegistrationInput = z.input<typeof registrationInput>;
