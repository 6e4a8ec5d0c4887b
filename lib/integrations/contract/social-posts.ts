// Posting about events on a social network (X, LinkedIn): the provider brings the
// network's rules (how long a post may be, how links are counted) and the calls;
// lib/social-posting decides when to post, what to say and that each post is made
// once.

/** What a post is about: an event announced, called off, or moved to another time. */
export type SocialPostKind = "published" | "cancelled" | "moved";

/** One post, ready to send: the text already fits the network's limit. */
export interface OutgoingPost {
  text: string;
  /** The event's page, also inside the text; networks that show a link card use it. */
  link: string;
  title: string;
}

export type PostResult =
  | { posted: true; id: string; url: string | null }
  /**
   * The network refused the text as one it already has: a retry of a post whose
   * answer was lost, or the same words posted by hand. Posting again cannot help;
   * `id` when the network says which post it is.
   */
  | { posted: false; duplicate: true; id: string | null; url: string | null };

/**
 * How much each character weighs against maxLength where the network does not
 * count every code point as one: code points in a listed range (inclusive) weigh
 * its weight, all others `otherWeight`. Data rather than a function, so the
 * settings page's live preview counts in the browser exactly as the worker does.
 */
export interface CharWeights {
  ranges: ReadonlyArray<{ from: number; to: number; weight: number }>;
  otherWeight: number;
}

export interface SocialPostsCapability<Ctx> {
  /** How the network is named to a person ("X", "LinkedIn"). */
  network: string;
  /** The most characters a post may have, as the network counts them. */
  maxLength: number;
  /** Where the network counts every link as a fixed length (X: 23, whatever the URL), that length. */
  linkLength?: number;
  /** Where the network weighs characters (X: most scripts beyond Latin, and emoji, count 2); every code point counts 1 without it. */
  charWeights?: CharWeights;
  /** Why this connection cannot post now (no page chosen), or null. Nothing is tried then. */
  cannotPost?(ctx: Ctx): string | null;
  /** Posts through the call policy; a refusal other than a duplicate throws. */
  publish(ctx: Ctx, post: OutgoingPost): Promise<PostResult>;
}
