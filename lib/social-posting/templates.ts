// What a post about an event says: a template per kind of news with {placeholders},
// filled from the event and made to fit the network's limit. Pure, so the settings
// page's live preview runs the same code in the browser as the worker does.
import { z } from "zod";
import type { SocialPostKind } from "@/lib/integrations/contract/social-posts";

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

/** Characters as the network counts them: each link as `linkLength` where it counts links so (X), code points otherwise. */
export function postLength(text: string, linkLength?: number): number {
  if (linkLength === undefined) return [...text].length;
  const links = text.match(link) ?? [];
  return [...text.replace(link, "")].length + links.length * linkLength;
}

/**
 * The text cut to the limit, keeping the event's link whole at the end: a long
 * title must not cost the one thing people need to find the event.
 */
export function fitPost(text: string, url: string, maxLength: number, linkLength?: number): string {
  if (postLength(text, linkLength) <= maxLength) return text;
  const words = text.split(url).join(" ").replace(/\s+/g, " ").trim();
  const budget = maxLength - postLength(url, linkLength) - 2;
  return `${[...words].slice(0, Math.max(0, budget)).join("").trimEnd()}… ${url}`;
}

export interface PostLimits {
  network: string;
  maxLength: number;
  linkLength?: number;
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
      const length = postLength(fillTemplate(t, SAMPLE_POST_VARS), limits.linkLength);
      if (length > limits.maxLength) {
        const links = limits.linkLength === undefined ? "" : ` (a link counts as ${limits.linkLength})`;
        ctx.addIssue({ code: "custom", message: `With the sample event this post has ${length} characters; ${limits.network} allows ${limits.maxLength}${links}. Shorten it.` });
      }
    });
  return z.object({ published: field, cancelled: field, moved: field });
}
