// LinkedIn publishes no API description the sandbox could load (its Rest.li
// schemas are not in ../shared/specs), so the Posts API request is checked with
// zod written from LinkedIn's reference ("Posts API", learn.microsoft.com/linkedin/
// marketing/community-management/shares/posts-api): author a person or
// organization URN, commentary in little text (reserved characters escaped), the
// visibility, distribution and lifecycle values it lists, an article's source a
// URL; unknown fields refused by name. The headers it requires (LinkedIn-Version
// YYYYMM of an active version, X-Restli-Protocol-Version 2.0.0) are checked in api.ts.
import { z } from "zod";

/** Whether a reserved character of LinkedIn's little text format is left unescaped. */
const unescaped = (t: string) => /[|{}@[\]()<>#*_~]/.test(t.replace(/\\[\s\S]/g, ""));

export const createPostInput = z.strictObject({
  author: z.string().regex(/^urn:li:(person|organization):[A-Za-z0-9_-]+$/, "must be a person or organization URN"),
  commentary: z
    .string()
    .max(3000, "must be at most 3,000 characters")
    .refine((t) => !unescaped(t), "has an unescaped reserved character of the little text format (| { } @ [ ] ( ) < > # * _ ~); LinkedIn would drop what follows it"),
  visibility: z.enum(["PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER"]),
  distribution: z.strictObject({
    feedDistribution: z.enum(["MAIN_FEED", "NONE"]),
    targetEntities: z.array(z.record(z.string(), z.unknown())).optional(),
    thirdPartyDistributionChannels: z.array(z.string()).optional(),
  }),
  content: z
    .strictObject({
      article: z.strictObject({ source: z.url(), title: z.string().max(400).optional(), description: z.string().optional(), thumbnail: z.string().optional() }).optional(),
      media: z.strictObject({ id: z.string(), title: z.string().optional(), altText: z.string().optional() }).optional(),
    })
    .optional(),
  lifecycleState: z.enum(["PUBLISHED", "DRAFT"]),
  isReshareDisabledByAuthor: z.boolean().optional(),
  contentLandingPage: z.url().optional(),
  reshareContext: z.strictObject({ parent: z.string() }).optional(),
});
