// Who is registering or buying: the same fields and messages on every form.
import { z } from "zod";

export const buyerFields = {
  name: z.string().trim().min(1, "Enter your name").max(200, "Keep your name under 200 characters"),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address, such as ana@example.com")),
  phone: z
    .string()
    .trim()
    .max(32, "Keep the phone number under 32 characters")
    .regex(/^(\+?[0-9 ()-]{6,})?$/, "Enter a phone number with digits, such as +41 44 123 45 67")
    .optional()
    .transform((v) => (v ? v : null)),
};
