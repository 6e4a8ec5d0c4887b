// Slack as data: what the catalog shows, the bot's grant, and the settings that
// say where news is posted.
import { z } from "zod";
import { defineManifest, type ConnectorContext, type OAuthTokens } from "../contract";
import { oauthTokensSchema } from "../oauth/tokens";

const slackSettings = z.object({
  channelId: z.string().trim().default("").meta({ label: "Default channel", input: "select", help: "Where registrations and announcements are posted." }),
  postOnRegistration: z.boolean().default(true).meta({ label: "Post each registration and cancellation" }),
  postOnPublish: z.boolean().default(true).meta({ label: "Announce published events" }),
  postReminders: z
    .boolean()
    .default(false)
    .meta({ label: "Post a heads-up before each event", help: "In the default channel, at the event's reminder times (24 hours and 1 hour before by default): when it starts and how many are coming." }),
  channelPerEvent: z.boolean().default(false).meta({ label: "Create a channel per event", help: "Named event-<slug>; registrations are posted there too." }),
  inviteEmails: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || v.split(",").every((e) => z.email().safeParse(e.trim()).success), "List e-mail addresses separated by commas")
    .meta({ label: "Invite to event channels", placeholder: "ana@example.com, ben@example.com", help: "Workspace members, by e-mail, separated by commas." }),
});
export type SlackSettings = z.infer<typeof slackSettings>;
export type SlackContext = ConnectorContext<OAuthTokens, SlackSettings>;

export const manifest = defineManifest<OAuthTokens, SlackSettings>({
  id: "slack",
  name: "Slack",
  category: "messaging",
  description: "Post registrations and published events to a channel, and open a channel per event.",
  auth: "oauth2",
  baseUrls: { live: "https://slack.com/api/", sandboxPath: "/slack/api/" },
  credentialsSchema: oauthTokensSchema,
  settingsSchema: slackSettings,
  oauth: {
    // The four the product needs, plus reading private channels for the channel picker and
    // looking people up by e-mail for invitations to event channels.
    scopes: ["chat:write", "channels:read", "channels:manage", "groups:write", "groups:read", "users:read", "users:read.email"],
    pkce: false,
    scopeSeparator: ",",
  },
  rateLimit: { capacity: 20, refillPerSecond: 1 },
});
