import { z } from "zod";

const secret = /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/;
const publishable = /^pk_(test|live)_[A-Za-z0-9]{8,}$/;

export function keyMode(key: string): "test" | "live" {
  return key.includes("_live_") ? "live" : "test";
}

export const stripeCredentials = z
  .object({
    secretKey: z
      .string()
      .trim()
      .regex(secret, "A Stripe secret key starts with sk_test_ or sk_live_ (or rk_ for a restricted key); copy it from Developers → API keys"),
    publishableKey: z.string().trim().regex(publishable, "A publishable key starts with pk_test_ or pk_live_"),
    webhookSecret: z
      .string()
      .trim()
      .regex(/^(whsec_[A-Za-z0-9]+)?$/, "A webhook signing secret starts with whsec_; leave it empty to let Switchboard create the endpoint")
      .default(""),
    /** "connect" when the keys came from a Stripe Connect grant, which Disconnect revokes. */
    connectedVia: z.enum(["keys", "connect"]).default("keys"),
  })
  .refine((c) => keyMode(c.secretKey) === keyMode(c.publishableKey), {
    path: ["publishableKey"],
    message: "The publishable key is from the other mode than the secret key: use both test keys or both live keys",
  });
export type StripeCredentials = z.infer<typeof stripeCredentials>;
