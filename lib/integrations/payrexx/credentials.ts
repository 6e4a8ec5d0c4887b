// What an admin types to connect Payrexx: the instance name (the "example" of
// example.payrexx.com) and that instance's API secret (Payrexx admin → API).
import { z } from "zod";

/** Pasting the whole address is a common slip; it is accepted and reduced to the name. */
function instanceName(input: string): string {
  const s = input.trim().toLowerCase();
  const host = s.replace(/^https?:\/\//, "").split(/[/?#]/)[0]!;
  return host.endsWith(".payrexx.com") ? host.slice(0, -".payrexx.com".length) : host;
}

export const payrexxCredentials = z.object({
  instance: z
    .string()
    .transform(instanceName)
    .pipe(
      z
        .string()
        .min(1, "Enter your instance name: for example.payrexx.com it is example")
        .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "An instance name has only letters, digits and hyphens: for example.payrexx.com it is example"),
    ),
  apiSecret: z
    .string()
    .trim()
    .min(16, "The API secret is at least 16 characters: copy it from your Payrexx admin under API")
    .max(128, "That is longer than a Payrexx API secret: copy only the secret from your Payrexx admin under API")
    .regex(/^\S+$/, "The API secret has no spaces: copy it again from your Payrexx admin under API"),
});
export type PayrexxCredentials = z.infer<typeof payrexxCredentials>;
