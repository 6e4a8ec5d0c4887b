import { z } from "zod";

/** The stored shape of every OAuth connection's credentials. */
export const oauthTokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  expiresAt: z.string().optional(),
  scopes: z.array(z.string()),
  tokenType: z.string().optional(),
  refreshTokenExpiresAt: z.string().optional(),
});
