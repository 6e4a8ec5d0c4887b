// Twilio as data: the account and how we authenticate to it (its auth token, or an
// API key and secret), the sender the SMS go out from, the number calls come from,
// and the WhatsApp sender and templates.
import { z } from "zod";
import { defineManifest, type ConnectorContext } from "../contract";

const twilioCredentials = z
  .object({
    accountSid: z
      .string()
      .trim()
      .regex(/^AC[0-9a-fA-F]{32}$/, "An Account SID starts with AC followed by 32 letters and digits; copy it from the Twilio Console's account dashboard")
      .meta({ label: "Account SID", placeholder: "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", help: "Twilio Console → Account Info." }),
    authToken: z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || /^[0-9a-zA-Z]{32}$/.test(v), "An auth token is 32 letters and digits; copy it from the Twilio Console's account dashboard")
      .meta({
        label: "Auth token",
        input: "secret",
        help: "Needed to verify Twilio's delivery statuses and SMS replies (Twilio signs them with it). Leave empty to connect with an API key only; statuses and replies are then not received.",
      }),
    apiKeySid: z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || /^SK[0-9a-fA-F]{32}$/.test(v), "An API key SID starts with SK followed by 32 letters and digits")
      .meta({ label: "API key SID (optional)", placeholder: "SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", help: "Twilio Console → API keys. When given, calls use the key instead of the auth token." }),
    apiKeySecret: z.string().trim().default("").meta({ label: "API key secret", input: "secret" }),
  })
  .superRefine((c, ctx) => {
    if (c.apiKeySid && !c.apiKeySecret) ctx.addIssue({ code: "custom", path: ["apiKeySecret"], message: "Paste the secret shown when the API key was created" });
    if (!c.apiKeySid && c.apiKeySecret) ctx.addIssue({ code: "custom", path: ["apiKeySid"], message: "Paste the API key's SID (SK…) that goes with this secret" });
    if (!c.authToken && !c.apiKeySid) ctx.addIssue({ code: "custom", path: ["authToken"], message: "Paste the account's auth token, or an API key SID and secret" });
  });

const TEMPLATE_HELP =
  "An approved template from Twilio's Content Template Builder; its variables are filled as {{1}} the attendee's name, {{2}} the event's title, {{3}} when it starts (date, time and time zone), {{4}} the event page's address. Empty: none is sent.";

const twilioSettings = z.object({
  sender: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^\+[1-9]\d{6,14}$/.test(v) || /^MG[0-9a-fA-F]{32}$/.test(v), "Choose one of the account's phone numbers or Messaging Services")
    .meta({ label: "Send from", input: "select", help: "One of the account's own phone numbers, or a Messaging Service (which picks the number)." }),
  sendConfirmations: z.boolean().default(true).meta({ label: "Text a confirmation to attendees who gave a phone number and agreed to SMS" }),
  caller: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^\+[1-9]\d{6,14}$/.test(v), "Choose one of the account's phone numbers; a Messaging Service cannot place calls")
    .meta({ label: "Call from", input: "select", help: "The number voice calls about an urgent change come from. Empty: the \"Send from\" number, when that is a number." }),
  whatsappSender: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^\+[1-9]\d{6,14}$/.test(v), "Choose one of the account's phone numbers registered as a WhatsApp sender")
    .meta({ label: "WhatsApp sender", input: "select", help: "One of the account's numbers registered with WhatsApp. Empty: nothing goes by WhatsApp." }),
  whatsappConfirmationTemplate: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^HX[0-9a-fA-F]{32}$/.test(v), "Choose one of the account's approved WhatsApp templates")
    .meta({ label: "WhatsApp confirmation template", input: "select", help: TEMPLATE_HELP }),
  whatsappReminderTemplate: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^HX[0-9a-fA-F]{32}$/.test(v), "Choose one of the account's approved WhatsApp templates")
    .meta({ label: "WhatsApp reminder template", input: "select", help: TEMPLATE_HELP }),
  sendReminders: z.boolean().default(true).meta({ label: "Text reminders", help: "Text each consented attendee the event's reminders (set on the event), once per reminder." }),
});

export type TwilioCredentials = z.infer<typeof twilioCredentials>;
export type TwilioSettings = z.infer<typeof twilioSettings>;
export type TwilioContext = ConnectorContext<TwilioCredentials, TwilioSettings>;

export const manifest = defineManifest<TwilioCredentials, TwilioSettings>({
  id: "twilio",
  name: "Twilio",
  category: "sms",
  description: "Text attendees their confirmation and reminders, by SMS or WhatsApp, and call them about an urgent change, from your own numbers, with delivery statuses and STOP honoured.",
  auth: "api_key",
  baseUrls: { live: "https://api.twilio.com", sandboxPath: "/twilio/" },
  credentialsSchema: twilioCredentials,
  settingsSchema: twilioSettings,
  // Twilio queues about one message a second per long code; the bucket keeps bursts within what it accepts.
  rateLimit: { capacity: 20, refillPerSecond: 5 },
});
