// Who is registering or buying: the same fields and messages on every form.
import { z } from "zod";
import { PHONE_NEEDS_COUNTRY, toE164 } from "./phone";

export const buyerFields = {
  name: z.string().trim().min(1, "Enter your name").max(200, "Keep your name under 200 characters"),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address, such as ana@example.com")),
  phone: z
    .string()
    .trim()
    .max(32, "Keep the phone number under 32 characters")
    .regex(/^(\+?[0-9 ()-]{6,})?$/, "Enter a phone number with digits, such as +41 44 123 45 67")
    .refine((v) => v === "" || /^(\+?[0-9 ()-]{6,})$/.test(v) === false || toE164(v) !== null, PHONE_NEEDS_COUNTRY)
    .optional()
    .transform((v) => (v ? v : null)),
  /** The "text me about this registration" box: a checkbox sends "on", an API true. */
  smsConsent: z
    .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
    .optional()
    .transform((v) => v === true || v === "on" || v === "true"),
};

/** Consent to SMS needs a number to text; the error is on the phone field, where it is fixed. */
export function requirePhoneForSms(v: { phone: string | null; smsConsent: boolean }, ctx: z.RefinementCtx): void {
  if (v.smsConsent && !v.phone) ctx.addIssue({ code: "custom", path: ["phone"], message: "Enter your mobile number to get SMS updates, or untick the SMS box" });
}
