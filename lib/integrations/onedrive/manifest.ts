// OneDrive as data: what the catalog shows, the grant we ask the Microsoft
// identity platform for, and the one setting: the folder events' folders go in.
import { z } from "zod";
import { defineManifest, type ConnectorContext, type OAuthTokens } from "../contract";
import { oauthTokensSchema } from "../oauth/tokens";
import { ONEDRIVE_LIVE_BASE } from "./endpoints";

// What OneDrive refuses in a name (" * : < > ? / \ |, a trailing period or space).
const FOLDER_NAME = /^[^"*:<>?/\\|]+$/;

const settings = z.object({
  folderName: z
    .string()
    .trim()
    .max(100)
    .default("Switchboard")
    .transform((v) => v || "Switchboard")
    .refine((v) => FOLDER_NAME.test(v) && !/[.\s]$/.test(v), { message: 'Use a folder name without " * : < > ? / \\ | and not ending in a period' })
    .meta({ label: "Folder in OneDrive", placeholder: "Switchboard", help: "Each event with materials gets a folder inside this one, at the top of the connected account's OneDrive." }),
});
export type OneDriveSettings = z.infer<typeof settings>;
export type OneDriveContext = ConnectorContext<OAuthTokens, OneDriveSettings>;

export const ONEDRIVE_SCOPES = ["offline_access", "openid", "profile", "email", "User.Read", "Files.ReadWrite"];

export const manifest = defineManifest<OAuthTokens, OneDriveSettings>({
  id: "onedrive",
  name: "OneDrive",
  category: "storage",
  description: "Keep each event's materials in a OneDrive folder shared with its paid attendees, who lose access when they are refunded or cancel.",
  auth: "oauth2",
  baseUrls: { live: ONEDRIVE_LIVE_BASE, sandboxPath: "/onedrive/" },
  credentialsSchema: oauthTokensSchema,
  settingsSchema: settings,
  oauth: { scopes: ONEDRIVE_SCOPES, pkce: true, scopeSeparator: " " },
  // OneDrive throttles per user and app (a few thousand requests per 10 minutes); well under it.
  rateLimit: { capacity: 10, refillPerSecond: 4 },
});
