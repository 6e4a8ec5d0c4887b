// LinkedIn as data: what the catalog shows, the grant a 3-legged OAuth app asks
// for, and who posts (the member, or a page the member administers).
import { z } from "zod";
import { defineManifest, type ConnectorContext, type OAuthTokens } from "../contract";
import { oauthTokensSchema } from "../oauth/tokens";
import { LINKEDIN_LIVE_BASE } from "./endpoints";

const linkedinSettings = z.object({
  author: z
    .union([z.literal(""), z.string().regex(/^urn:li:organization:\d+$/, "Choose one of your pages")])
    .default("")
    .meta({ label: "Post as", input: "select", emptyChoice: "Yourself (your LinkedIn profile)", help: "Or an organization page you administer; the list is read from LinkedIn." }),
});
export type LinkedInSettings = z.infer<typeof linkedinSettings>;
export type LinkedInContext = ConnectorContext<OAuthTokens, LinkedInSettings>;

/**
 * Sign In with LinkedIn (openid, profile: who the member is, for the person URN),
 * posting as the member, and the Community Management scopes for posting as a
 * page the member administers and listing those pages.
 */
export const LINKEDIN_SCOPES = ["openid", "profile", "w_member_social", "w_organization_social", "r_organization_admin"];

export const manifest = defineManifest<OAuthTokens, LinkedInSettings>({
  id: "linkedin",
  name: "LinkedIn",
  category: "social",
  description: "Post each published event with its link on LinkedIn, as yourself or as a page you administer, and a note when it is cancelled or moved, from templates you edit.",
  auth: "oauth2",
  baseUrls: { live: LINKEDIN_LIVE_BASE, sandboxPath: "/linkedin/" },
  credentialsSchema: oauthTokensSchema,
  settingsSchema: linkedinSettings,
  // LinkedIn's web apps use the plain authorization code flow (PKCE is for its native clients).
  oauth: { scopes: LINKEDIN_SCOPES, pkce: false, scopeSeparator: " " },
  // Well under LinkedIn's daily per-member and per-app limits on creating posts.
  rateLimit: { capacity: 10, refillPerSecond: 0.5 },
});
