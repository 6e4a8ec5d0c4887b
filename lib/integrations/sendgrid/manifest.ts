// SendGrid as data: what the catalog shows, the API key an admin pastes, and the
// sender the confirmations come from.
import { z } from "zod";
import { defineManifest, type ConnectorContext } from "../contract";
import { CONFIRMATION_PLACEHOLDERS, REMINDER_PLACEHOLDERS } from "./templates";

/**
 * The account's dynamic template a message is sent with instead of ours: its id,
 * or empty for Switchboard's editable template. The help lists the values the
 * template receives as dynamic_template_data, so the admin's template can use them.
 */
function dynamicTemplate(message: string, placeholders: readonly string[]) {
  return z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^d-[0-9a-f]{32}$/.test(v), "A dynamic template id is d- followed by 32 hexadecimal characters; choose one of the account's templates, or Switchboard's")
    .meta({
      label: `${message}: SendGrid dynamic template`,
      input: "select",
      emptyChoice: "Switchboard's template (edited below)",
      help: `The template gets ${placeholders.map((p) => `{{${p}}}`).join(" ")}; use three braces in its subject ({{{event_title}}}) so an "&" stays as typed. Should SendGrid refuse it, Switchboard's template is sent and the activity log says why.`,
    });
}

const sendgridCredentials = z.object({
  apiKey: z
    .string()
    .trim()
    .min(1, "Paste your SendGrid API key")
    .regex(/^SG\.[\w-]+\.[\w-]+$/, "A SendGrid API key looks like SG.xxxx.yyyy; copy the whole key from SendGrid → Settings → API Keys")
    .meta({ label: "API key", input: "secret", placeholder: "SG.xxxxxxxx.yyyyyyyy", help: "Create one in SendGrid → Settings → API Keys with the Mail Send permission (and Template Engine read, to choose the account's dynamic templates)." }),
  eventWebhookKey: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^MF[A-Za-z0-9+/]+={0,2}$/.test(v), "The verification key is the base64 text SendGrid shows under Signature Verification, starting with MF; copy it whole")
    .meta({
      label: "Event Webhook verification key (optional)",
      placeholder: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…",
      help: "SendGrid → Settings → Mail Settings → Event Webhook → Signature Verification. Needed to accept SendGrid's delivery, bounce and open events; without it they are refused. In sandbox mode the sandbox's key is filled in on connecting.",
    }),
});
const sendgridSettings = z.object({
  fromEmail: z
    .union([z.literal(""), z.email("Enter the sender's e-mail address, such as tickets@yourdomain.com")])
    .default("")
    .meta({ label: "Sender e-mail", placeholder: "tickets@yourdomain.com", help: "A verified sender or an address on an authenticated domain." }),
  fromName: z.string().trim().max(100, "Keep the sender name under 100 characters").default("").meta({ label: "Sender name", placeholder: "Demo Events" }),
  sendConfirmations: z.boolean().default(true).meta({ label: "Send a confirmation for each registration" }),
  confirmationTemplateId: dynamicTemplate("Order confirmation", CONFIRMATION_PLACEHOLDERS),
  sendReminders: z.boolean().default(true).meta({ label: "E-mail each attendee the event's reminders" }),
  reminderTemplateId: dynamicTemplate("Event reminder", REMINDER_PLACEHOLDERS),
});
export type SendGridCredentials = z.infer<typeof sendgridCredentials>;
export type SendGridSettings = z.infer<typeof sendgridSettings>;
export type SendGridContext = ConnectorContext<SendGridCredentials, SendGridSettings>;

export const manifest = defineManifest<SendGridCredentials, SendGridSettings>({
  id: "sendgrid",
  name: "SendGrid",
  category: "email",
  description: "Send order confirmations with a calendar attachment from your own sender.",
  auth: "api_key",
  baseUrls: { live: "https://api.sendgrid.com/", sandboxPath: "/sendgrid/" },
  credentialsSchema: sendgridCredentials,
  settingsSchema: sendgridSettings,
  rateLimit: { capacity: 50, refillPerSecond: 10 },
});
