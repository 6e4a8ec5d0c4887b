// Payrexx as data: what the catalog shows, and what an admin types to connect:
// the instance name (the "example" of example.payrexx.com) and that instance's
// API secret (Payrexx admin → API).
import { z } from "zod";
import { defineManifest, type ConnectorContext } from "../contract";

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
    )
    .meta({ label: "Instance name", placeholder: "example", help: "The name in your Payrexx address: for example.payrexx.com it is example. In the sandbox: switchboard-demo." }),
  apiSecret: z
    .string()
    .trim()
    .min(16, "The API secret is at least 16 characters: copy it from your Payrexx admin under API")
    .max(128, "That is longer than a Payrexx API secret: copy only the secret from your Payrexx admin under API")
    .regex(/^\S+$/, "The API secret has no spaces: copy it again from your Payrexx admin under API")
    .meta({
      label: "API secret",
      input: "secret",
      help: "Payrexx admin → API. Requests are signed with it; the secret itself is never sent. In the sandbox: payrexx-sandbox-secret-fake. Connecting again with a new secret changes the webhook URL.",
    }),
});
export type PayrexxCredentials = z.infer<typeof payrexxCredentials>;

/** Payrexx has no settings of its own: everything it needs is in its credentials. */
const payrexxSettings = z.object({});
export type PayrexxSettings = z.infer<typeof payrexxSettings>;
export type PayrexxContext = ConnectorContext<PayrexxCredentials, PayrexxSettings>;

export const manifest = defineManifest<PayrexxCredentials, PayrexxSettings>({
  id: "payrexx",
  name: "Payrexx",
  category: "payments",
  description: "Sell paid tickets through Payrexx's payment page (TWINT, cards and the other means your instance offers); each payment and refund is confirmed with Payrexx's API.",
  auth: "api_key",
  baseUrls: { live: "https://api.payrexx.com/", sandboxPath: "/payrexx/" },
  credentialsSchema: payrexxCredentials,
  settingsSchema: payrexxSettings,
});
