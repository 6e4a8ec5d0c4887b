// X as data: what the catalog shows and the grant an OAuth 2.0 app asks for.
import { z } from "zod";
import { defineManifest, type ConnectorContext, type OAuthTokens } from "../contract";
import { oauthTokensSchema } from "../oauth/tokens";
import { X_LIVE_BASE } from "./endpoints";

const xSettings = z.object({});
export type XSettings = z.infer<typeof xSettings>;
export type XContext = ConnectorContext<OAuthTokens, XSettings>;

/** Reading the account and posting as it; offline.access for a refresh token, since access tokens last two hours. */
export const X_SCOPES = ["tweet.read", "tweet.write", "users.read", "offline.access"];

export const manifest = defineManifest<OAuthTokens, XSettings>({
  id: "x",
  name: "X",
  category: "social",
  description: "Post each published event with its link to an X account, and a note when it is cancelled or moved, from templates you edit.",
  auth: "oauth2",
  baseUrls: { live: X_LIVE_BASE, sandboxPath: "/x/" },
  credentialsSchema: oauthTokensSchema,
  settingsSchema: xSettings,
  oauth: { scopes: X_SCOPES, pkce: true, scopeSeparator: " " },
  // Well under X's per-user limit on creating posts (a few hundred per 15 minutes on paid tiers, far fewer on free).
  rateLimit: { capacity: 10, refillPerSecond: 0.5 },
});
