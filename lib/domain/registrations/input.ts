import { z } from "zod";
import { buyerFields, requirePhoneForSms } from "../buyer";

export const registrationInput = z.object({
  ticketTypeId: z.uuid("Choose a ticket type"),
  quantity: z.coerce
    .number({ error: "Choose how many tickets" })
    .int("Choose a whole number of tickets")
    .min(1, "Choose at least 1 ticket")
    .max(10, "At most 10 tickets per registration"),
  ...buyerFields,
}).superRefine(requirePhoneForSms);
export type RegistrationInput = z.input<typeof registrationInput>;
