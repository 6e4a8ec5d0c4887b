import { z } from "zod";
import type { ConnectorContext } from "../contract";
import type { StripeCredentials } from "./keys";

/** Stripe has no settings of its own: everything it needs is in its credentials. */
export const stripeSettings = z.object({});
export type StripeSettings = z.infer<typeof stripeSettings>;
export type StripeContext = ConnectorContext<StripeCredentials, StripeSettings>;
