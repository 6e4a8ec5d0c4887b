// Zoom as data: what the catalog shows, the grant a user-managed app asks for,
// and the meeting settings an admin picks.
import { z } from "zod";
import { defineManifest, type ConnectorContext, type OAuthTokens } from "../contract";
import { oauthTokensSchema } from "../oauth/tokens";
import { ZOOM_LIVE_BASE } from "./endpoints";

const zoomSettings = z.object({
  waitingRoom: z
    .boolean()
    .default(true)
    .meta({ label: "Waiting room", help: "People wait until the host lets them in." }),
  passcode: z
    .boolean()
    .default(true)
    .meta({ label: "Passcode", help: "Each meeting gets a generated passcode; the join link carries it, so registered people join in one click." }),
});
export type ZoomSettings = z.infer<typeof zoomSettings>;
export type ZoomContext = ConnectorContext<OAuthTokens, ZoomSettings>;

/** Zoom's granular scopes: who the user is, and the meetings we create, change and delete for them. */
export const ZOOM_SCOPES = ["user:read:user", "meeting:read:meeting", "meeting:read:list_meetings", "meeting:write:meeting", "meeting:update:meeting", "meeting:delete:meeting"];

export const manifest = defineManifest<OAuthTokens, ZoomSettings>({
  id: "zoom",
  name: "Zoom",
  category: "meetings",
  description: "Create a Zoom meeting for each online event, keep it in step with the event, and put its join link in confirmations and calendar entries.",
  auth: "oauth2",
  baseUrls: { live: ZOOM_LIVE_BASE, sandboxPath: "/zoom/" },
  credentialsSchema: oauthTokensSchema,
  settingsSchema: zoomSettings,
  oauth: { scopes: ZOOM_SCOPES, pkce: true, scopeSeparator: " " },
  // Well under the per-second limits Zoom sets per account for creating and changing meetings.
  rateLimit: { capacity: 10, refillPerSecond: 5 },
});
