import { z } from "zod";
import type { ConnectorContext } from "../contract";
import type { PayrexxCredentials } from "./credentials";

/** Payrexx has no settings of its own: everything it needs is in its credentials. */
export const payrexxSettings = z.object({});
export type PayrexxSettings = z.infer<typeof payrexxSettings>;
export type PayrexxContext = ConnectorContext<PayrexxCredentials, PayrexxSettings>;
