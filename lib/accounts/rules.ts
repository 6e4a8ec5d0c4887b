// What a person types to get or recover an account, with the messages they see:
// one set of rules for sign-up, the reset form and `npm run org:create`.
import { z } from "zod";

// bcrypt reads only the first 72 bytes of a password; a longer one would be
// silently cut, so it is refused with a reason instead.
const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_LENGTH = 10;

export const accountFields = {
  orgName: z.string().trim().min(1, "Enter your organization's name").max(200, "Keep the organization's name under 200 characters"),
  name: z.string().trim().min(1, "Enter your name").max(200, "Keep your name under 200 characters"),
  email: z.string().trim().toLowerCase().max(254, "Keep the e-mail address under 254 characters").pipe(z.email("Enter a valid e-mail address, such as ana@example.com")),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
    .refine((v) => Buffer.byteLength(v, "utf8") <= MAX_PASSWORD_BYTES, `Keep the password under ${MAX_PASSWORD_BYTES} bytes (about ${MAX_PASSWORD_BYTES} letters)`),
};

export const signUpInput = z.object({
  orgName: accountFields.orgName,
  name: accountFields.name,
  email: accountFields.email,
  password: accountFields.password,
});
export type SignUpInput = z.output<typeof signUpInput>;

export const emailOnlyInput = z.object({ email: accountFields.email });

export const newPasswordInput = z
  .object({ token: z.string().max(100), password: accountFields.password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ; type the same one twice" });
