// Google Analytics 4 as data: the web stream's measurement id and a Measurement
// Protocol API secret, and whether purchases, refunds and the page tag are sent.
import { z } from "zod";
import { defineManifest, type ConnectorContext } from "../contract";

/** A web stream's measurement id: G- and letters or digits (GA shows them upper-case). */
export const MEASUREMENT_ID = /^G-[A-Z0-9]{4,16}$/;

const ga4Credentials = z.object({
  measurementId: z
    .string()
    .trim()
    .regex(MEASUREMENT_ID, "A measurement id looks like G-XXXXXXXXXX (capital letters and digits); copy it from Google Analytics → Admin → Data streams → your web stream")
    .meta({ label: "Measurement ID", placeholder: "G-XXXXXXXXXX", help: "Admin → Data streams → your web stream → Measurement ID (not the stream id, which is only digits)." }),
  apiSecret: z
    .string()
    .trim()
    .min(1, "Paste a Measurement Protocol API secret")
    .regex(/^[A-Za-z0-9_-]{16,64}$/, "An API secret is 16 to 64 letters, digits, - or _; copy the secret's value (not its nickname) from the stream's Measurement Protocol API secrets")
    .meta({ label: "Measurement Protocol API secret", input: "secret", placeholder: "xxxxxxxxxxxxxxxxxxxxxx", help: "Same stream → Measurement Protocol API secrets → Create. Google does not check the secret when Switchboard tests the connection, so copy it carefully." }),
});
const ga4Settings = z.object({
  sendPurchases: z.boolean().default(true).meta({ label: "Send a purchase event for each paid order" }),
  sendRefunds: z.boolean().default(true).meta({ label: "Send a refund event for each refund" }),
  pageTag: z.boolean().default(true).meta({ label: "Measure visits to the public event pages (the visitor is asked first)" }),
});
export type Ga4Credentials = z.infer<typeof ga4Credentials>;
export type Ga4Settings = z.infer<typeof ga4Settings>;
export type Ga4Context = ConnectorContext<Ga4Credentials, Ga4Settings>;

export const manifest = defineManifest<Ga4Credentials, Ga4Settings>({
  id: "ga4",
  name: "Google Analytics 4",
  category: "analytics",
  description: "Report ticket purchases and refunds to Google Analytics, and measure the event pages once visitors consent.",
  auth: "api_key",
  baseUrls: { live: "https://www.google-analytics.com/", sandboxPath: "/ga4/" },
  credentialsSchema: ga4Credentials,
  settingsSchema: ga4Settings,
  // Google's published Measurement Protocol quota is generous; this keeps one busy org from bursting it.
  rateLimit: { capacity: 50, refillPerSecond: 20 },
  // Where gtag.js comes from and sends its hits (Google's CSP guide for the Google tag).
  pageTagOrigins: ["https://*.googletagmanager.com", "https://*.google-analytics.com", "https://*.analytics.google.com"],
});
