// Stripe's list object and cursor pagination: newest first, limit 1–100 (10 unless
// asked), starting_after / ending_before naming an item of the list.
import type { FormObject } from "../validation/deep-object";
import { invalid, type StripeAnswer } from "./errors";
import { int, text } from "./params";

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

export function paginate<T extends { id: string }>(newestFirst: T[], params: FormObject, objectName: string): Page<T> | StripeAnswer {
  const limit = int(params, "limit") ?? 10;
  if (limit < 1) return invalid("This value must be greater than or equal to 1.", "limit");
  if (limit > 100) return invalid("This value must be less than or equal to 100.", "limit");
  const after = text(params, "starting_after");
  const before = text(params, "ending_before");
  if (after !== null) {
    const i = newestFirst.findIndex((x) => x.id === after);
    if (i < 0) return invalid(`No such ${objectName}: '${after}'`, "starting_after", "resource_missing");
    const rest = newestFirst.slice(i + 1);
    return { items: rest.slice(0, limit), hasMore: rest.length > limit };
  }
  if (before !== null) {
    const i = newestFirst.findIndex((x) => x.id === before);
    if (i < 0) return invalid(`No such ${objectName}: '${before}'`, "ending_before", "resource_missing");
    const earlier = newestFirst.slice(0, i);
    return { items: earlier.slice(Math.max(0, earlier.length - limit)), hasMore: earlier.length > limit };
  }
  return { items: newestFirst.slice(0, limit), hasMore: newestFirst.length > limit };
}

export function listBody(url: string, data: unknown[], hasMore: boolean): Record<string, unknown> {
  return { object: "list", data, has_more: hasMore, url };
}

export function isPage<T>(v: Page<T> | StripeAnswer): v is Page<T> {
  return "items" in v;
}
