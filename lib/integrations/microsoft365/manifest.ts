// Microsoft 365 as data: what the catalog shows, the grant we ask the Microsoft
// identity platform for, and the settings an admin picks.
import { z } from "zod";
import { defineManifest, type ConnectorContext, type OAuthTokens } from "../contract";
import { oauthTokensSchema } from "../oauth/tokens";
import { freeBusyCalendarsSetting, twoWaySyncSetting } from "../calendar-settings";
import { MICROSOFT365_LIVE_BASE } from "./endpoints";

const settings = z.object({
  // Empty until the admin picks one: the account's default calendar ("calendar" in Graph's paths).
  calendarId: z.string().trim().default("").meta({ label: "Calendar", input: "select", emptyChoice: "The default calendar", help: "Where published events go." }),
  addAttendeesAsGuests: z
    .boolean()
    .default(false)
    .meta({ label: "Add attendees as guests", help: "Each registration adds the buyer to the Outlook entry as an attendee, and Outlook sends them an invitation; cancelling the registration takes them off again." }),
  reminderMinutes: z
    .union([z.number(), z.string()])
    .default(30)
    .transform((v, ctx) => {
      const s = String(v).trim();
      if (s === "") return null;
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0 || n > 40320) {
        ctx.addIssue({ code: "custom", message: "Type the minutes before the event, such as 30 (at most 40320 = 4 weeks), or leave it empty for no reminder; Outlook keeps one reminder per entry" });
        return z.NEVER;
      }
      return n;
    })
    .meta({ label: "Reminder (minutes before)", input: "text", placeholder: "30", help: "Outlook keeps one reminder per entry; empty for none." }),
  teamsMeetings: z.boolean().default(true).meta({ label: "Add a Microsoft Teams meeting to online events", help: "The entry of an online event gets a Teams meeting; its join link goes on the event, its public page and confirmations." }),
  twoWaySync: twoWaySyncSetting("Outlook"),
  // Kept to 20 schedules per getSchedule: Graph answers more slowly with every one, and the check has 2 seconds.
  freeBusyCalendars: freeBusyCalendarsSetting({
    max: 19,
    help: "E-mail addresses of rooms or people whose free/busy the account can see, separated by commas. The event form warns when one of them is busy at the chosen time.",
    placeholder: "room.aula@contoso.example, beamer@contoso.example",
  }),
});
export type Microsoft365Settings = z.infer<typeof settings>;
export type Microsoft365Context = ConnectorContext<OAuthTokens, Microsoft365Settings>;

export const MICROSOFT365_SCOPES = ["offline_access", "openid", "profile", "email", "User.Read", "Calendars.ReadWrite"];

export const manifest = defineManifest<OAuthTokens, Microsoft365Settings>({
  id: "microsoft365",
  name: "Microsoft 365",
  category: "calendar",
  description: "Put published events in an Outlook calendar with a Teams meeting for online events, keep them current both ways, and check organizers' free/busy.",
  auth: "oauth2",
  baseUrls: { live: MICROSOFT365_LIVE_BASE, sandboxPath: "/microsoft365/" },
  credentialsSchema: oauthTokensSchema,
  settingsSchema: settings,
  oauth: { scopes: MICROSOFT365_SCOPES, pkce: true, scopeSeparator: " " },
  // Outlook allows 10,000 requests per 10 minutes per mailbox and 4 at once; well under it.
  rateLimit: { capacity: 10, refillPerSecond: 4 },
});
