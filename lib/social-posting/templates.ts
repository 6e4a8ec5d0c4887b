// What a post about an event says: a template per kind of news with {placeholders},
// filled from the event and made to fit the network's limit. Pure, so the settings
// page's live preview runs the same code in the browser as the worker does.
import { z } from "zod";
import type { CharWeights, SocialPostKind } from "@/lib/integrations/contract/social-posts";

export const POST_KINDS: readonly SocialPostKind[] = ["published", "cancelled", "moved"];

export const POST_PLACEHOLDERS = ["title", "date", "venue", "url"] as const;
export type PostVars = Record<(typeof POST_PLACEHOLDERS)[number], string>;

export const POST_KIND_LABELS: Record<SocialPostKind, { label: string; help: string }> = {
  published: { label: "When an event is published", help: "Announces the event with its link." },
  cancelled: { label: "When an event is cancelled", help: "Only for events that were announced here." },
  moved: { label: "When an event moves to another date or time", help: "Only for events that were announced here; {date} is the new time." },
};

export const DEFAULT_POST_TEMPLATES: Record<SocialPostKind, string> = {
  published: "{title}, {date} at {venue}. Details and tickets: {url}",
  cancelled: "Cancelled: {title} on {date} will not take place. More: {url}",
  moved: "New date: {title} is now on {date} at {venue}. Details: {url}",
};

/** A long title, so the preview shows what the limit does to a real announcement. */
export const SAMPLE_POST_VARS: PostVars = {
  title: "Spring Product Meetup",
  date: "Sat, 1 Jun 2030, 09:00 CEST",
  venue: "Impact Hub, Zurich",
  url: "https://events.example.com/e/spring-product-meetup",
};

const placeholder = /\{([a-z]+)\}/g;
const link = /https?:\/\/\S+/g;

/** The event's start as people read it, in the event's own time zone. */
export function formatEventDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone, timeZoneName: "short" })
    .format(new Date(iso))
    .replace(/ at /, ", ");
}

export function fillTemplate(template: string, vars: PostVars): string {
  return template.replace(placeholder, (whole, name: string) => (name in vars ? vars[name as keyof PostVars].replace(/[\r\n]+/g, " ") : whole)).trim();
}

/** How a network measures a post: its limit, how it counts links and how it weighs characters. */
export interface PostLimits {
  network: string;
  maxLength: number;
  linkLength?: number;
  charWeights?: CharWeights;
}
type Measure = Pick<PostLimits, "linkLength" | "charWeights">;

function weightOf(char: string, weights: CharWeights | undefined): number {
  if (!weights) return 1;
  const cp = char.codePointAt(0)!;
  return weights.ranges.find((r) => cp >= r.from && cp <= r.to)?.weight ?? weights.otherWeight;
}

/** Characters as the network counts them: each link as `linkLength` where it counts links so (X), each code point by its weight (1 unless the network weighs them). */
export function postLength(text: string, measure: Measure = {}): number {
  const links = measure.linkLength === undefined ? 0 : (text.match(link) ?? []).length;
  const rest = measure.linkLength === undefined ? text : text.replace(link, "");
  let length = links * (measure.linkLength ?? 0);
  for (const char of rest) length += weightOf(char, measure.charWeights);
  return length;
}

/**
 * The text cut to the limit, keeping the event's link whole at the end: a long
 * title must not cost the one thing people need to find the event. Cut by code
 * point while the whole, counted as the network counts it, is over the limit.
 */
export function fitPost(text: string, url: string, limits: Omit<PostLimits, "network">): string {
  if (postLength(text, limits) <= limits.maxLength) return text;
  const words = [...text.split(url).join(" ").replace(/\s+/g, " ").trim()];
  const tail = `… ${url}`;
  const cut = (n: number) => `${words.slice(0, n).join("").trimEnd()}${tail}`;
  // A first guess from the weights alone, then the whole checked, since a link left among the words counts as one link.
  let n = 0;
  let budget = limits.maxLength - postLength(tail, limits);
  while (n < words.length && weightOf(words[n]!, limits.charWeights) <= budget) budget -= weightOf(words[n++]!, limits.charWeights);
  while (n > 0 && postLength(cut(n), limits) > limits.maxLength) n--;
  return cut(n);
}

/** The three templates as an admin saves them: known placeholders only, the link in each, within the limit with the sample event. */
export function postTemplatesInput(limits: PostLimits) {
  const field = z
    .string()
    .trim()
    .min(1, "Write the post, or keep the default")
    .max(5000, "Keep the template under 5,000 characters")
    .superRefine((t, ctx) => {
      const unknown = [...t.matchAll(placeholder)].map((m) => m[1]!).filter((n) => !(POST_PLACEHOLDERS as readonly string[]).includes(n));
      if (unknown.length) ctx.addIssue({ code: "custom", message: `Use only these placeholders: ${POST_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")} (not {${unknown[0]}})` });
      if (!t.includes("{url}")) ctx.addIssue({ code: "custom", message: "Include {url}, so people can find the event" });
      const length = postLength(fillTemplate(t, SAMPLE_POST_VARS), limits);
      if (length > limits.maxLength) {
        const rules = [limits.linkLength === undefined ? "" : `a link counts as ${limits.linkLength}`, limits.charWeights ? "some characters, emoji among them, count more than one" : ""].filter(Boolean);
        ctx.addIssue({ code: "custom", message: `With the sample event this post has ${length} characters; ${limits.network} allows ${limits.maxLength}${rules.length ? ` (${rules.join("; ")})` : ""}. Shorten it.` });
      }
    });
  return z.object({ published: field, cancelled: field, moved: field });
}
