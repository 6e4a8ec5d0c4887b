// X publishes no API description the sandbox could load (its OpenAPI document is
// served from api.x.com, not kept in ../shared/specs), so the create-post body is
// checked with a zod schema written from X's API reference (docs.x.com,
// "POST /2/tweets"): the fields it documents, each of its own shape, unknown ones
// refused by name; the text at most 280 characters as X counts them: its
// "weighted length" (twitter-text configuration v3), every link as 23 (X's t.co
// length), code points in a few ranges (Latin and most European scripts, some
// punctuation) as 1 and all others (CJK, emoji, "…") as 2.
import { z } from "zod";

const LINK = /https?:\/\/\S+/g;
const LINK_LENGTH = 23;
const ONE = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
] as const;

function weighted(text: string): number {
  let length = (text.match(LINK) ?? []).length * LINK_LENGTH;
  for (const char of text.replace(LINK, "")) {
    const cp = char.codePointAt(0)!;
    length += ONE.some(([from, to]) => cp >= from && cp <= to) ? 1 : 2;
  }
  return length;
}

export const createPostInput = z
  .strictObject({
    text: z.string().refine((t) => weighted(t) <= 280, "must be at most 280 characters as X weighs them (each link 23; CJK, emoji and some punctuation 2)").optional(),
    card_uri: z.string().optional(),
    community_id: z.string().regex(/^\d{1,19}$/).optional(),
    direct_message_deep_link: z.string().optional(),
    for_super_followers_only: z.boolean().optional(),
    geo: z.strictObject({ place_id: z.string() }).optional(),
    media: z.strictObject({ media_ids: z.array(z.string().regex(/^\d{1,19}$/)).min(1).max(4), tagged_user_ids: z.array(z.string()).max(10).optional() }).optional(),
    nullcast: z.boolean().optional(),
    poll: z.strictObject({ options: z.array(z.string().min(1).max(25)).min(2).max(4), duration_minutes: z.number().int().min(5).max(10080), reply_settings: z.enum(["following", "mentionedUsers", "subscribers"]).optional() }).optional(),
    quote_tweet_id: z.string().regex(/^\d{1,19}$/).optional(),
    reply: z.strictObject({ in_reply_to_tweet_id: z.string().regex(/^\d{1,19}$/), exclude_reply_user_ids: z.array(z.string()).optional() }).optional(),
    reply_settings: z.enum(["following", "mentionedUsers", "subscribers"]).optional(),
  })
  .refine((v) => v.text !== undefined || v.media !== undefined || v.poll !== undefined, { path: ["text"], message: "is required unless media or a poll is given" });
