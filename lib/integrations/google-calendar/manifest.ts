// Google Calendar as data: what the catalog shows, the grant we ask for, and the
// settings an admin picks.
import { z } from "zod";
import { defineManifest, type ConnectorContext, type OAuthTokens } from "../contract";
import { oauthTokensSchema } from "../oauth/tokens";
import { twoWaySyncSetting } from "../calendar-settings";
import { GOOGLE_LIVE_BASE } from "./endpoints";
import { FREE_BUSY_SCOPE, freeBusyCalendarsField } from "./free-busy-settings";

const calendarSettings = z.object({
  calendarId: z.string().trim().min(1, "Choose a calendar").default("primary").meta({ label: "Calendar", input: "select" }),
  freeBusyCalendars: freeBusyCalendarsField,
  addAttendeesAsGuests: z
    .boolean()
    .default(false)
    .meta({
      label: "Add attendees as guests",
      help: "Each registration adds the buyer to the calendar entry, and Google sends them an invitation; cancelling the registration takes them off again.",
    }),
  reminderMinutes: z
    .union([z.array(z.number()), z.string()])
    .default([1440, 30])
    .transform((v, ctx) => {
      const list = Array.isArray(v) ? v : v.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
      if (list.some((n) => !Number.isInteger(n) || n < 0 || n > 40320)) {
        ctx.addIssue({ code: "custom", message: "List minutes before the event, separated by commas, such as 1440, 30 (at most 40320 = 4 weeks)" });
        return z.NEVER;
      }
      if (list.length > 5) {
        ctx.addIssue({ code: "custom", message: "Google allows at most 5 reminders" });
        return z.NEVER;
      }
      return list;
    })
    .meta({ label: "Reminders (minutes before)", input: "text", placeholder: "1440, 30" }),
  twoWaySync: twoWaySyncSetting("Google Calendar"),
});
export type CalendarSettings = z.infer<typeof calendarSettings>;
export type CalendarContext = ConnectorContext<OAuthTokens, CalendarSettings>;

export const manifest = defineManifest<OAuthTokens, CalendarSettings>({
  id: "google-calendar",
  name: "Google Calendar",
  category: "calendar",
  description: "Put published events in a Google calendar, keep them current, and add attendees as guests.",
  auth: "oauth2",
  baseUrls: { live: GOOGLE_LIVE_BASE, sandboxPath: "/google-calendar/" },
  credentialsSchema: oauthTokensSchema,
  settingsSchema: calendarSettings,
  oauth: {
    scopes: ["openid", "email", "https://www.googleapis.com/auth/calendar.events", "https://www.googleapis.com/auth/calendar.calendarlist.readonly", FREE_BUSY_SCOPE],
    pkce: true,
    scopeSeparator: " ",
    // offline + consent: Google sends a refresh token, also on a reconnect.
    authorizeParams: { access_type: "offline", prompt: "consent", include_granted_scopes: "true" },
  },
  rateLimit: { capacity: 10, refillPerSecond: 5 },
});
