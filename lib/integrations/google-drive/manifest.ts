// Google Drive as data: what the catalog shows, the grant we ask for (only the
// files the app creates), and the settings an admin picks.
import { z } from "zod";
import { defineManifest, type ConnectorContext, type OAuthTokens } from "../contract";
import { oauthTokensSchema } from "../oauth/tokens";
import { DRIVE_LIVE_BASE } from "./endpoints";

/** Files the app created, and nothing else in the admin's Drive. */
export const DRIVE_FILE_SCOPE = "https://www.googleapis.com/auth/drive.file";

const driveSettings = z.object({
  folderName: z
    .string()
    .trim()
    .min(1, "Name the folder that holds the events' folders")
    .max(200, "Keep the folder's name under 200 characters")
    .default("Switchboard")
    .meta({ label: "Folder in your Drive", help: "Each event with materials gets a folder inside this one. It is made on first use; renaming it later in Drive is fine." }),
  notifyReaders: z
    .boolean()
    .default(true)
    .meta({ label: "E-mail attendees when a folder is shared with them", help: "Google sends each paid attendee a link to the event's folder. Off: they see it under “Shared with me”." }),
});
export type DriveSettings = z.infer<typeof driveSettings>;
export type DriveContext = ConnectorContext<OAuthTokens, DriveSettings>;

export const manifest = defineManifest<OAuthTokens, DriveSettings>({
  id: "google-drive",
  name: "Google Drive",
  category: "storage",
  description: "Put each event's materials in a Drive folder shared with its paid attendees, and take access away on a refund.",
  auth: "oauth2",
  baseUrls: { live: DRIVE_LIVE_BASE, sandboxPath: "/google-drive/" },
  credentialsSchema: oauthTokensSchema,
  settingsSchema: driveSettings,
  oauth: {
    scopes: [DRIVE_FILE_SCOPE],
    pkce: true,
    scopeSeparator: " ",
    // offline + consent: Google sends a refresh token, also on a reconnect.
    authorizeParams: { access_type: "offline", prompt: "consent" },
  },
  rateLimit: { capacity: 10, refillPerSecond: 5 },
});
