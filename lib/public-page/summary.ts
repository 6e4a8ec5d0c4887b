// The one-line description of an event that link previews and search results show.
import { formatInZone } from "@/lib/domain/time";

/** Link previews cut longer descriptions anyway; this keeps the cut on a word. */
const MAX = 200;

export function whenAndWhere(ev: { starts_at: Date; time_zone: string; venue: string; online: boolean }): string {
  const where = ev.venue || (ev.online ? "Online" : "");
  return `${formatInZone(ev.starts_at, ev.time_zone)} (${ev.time_zone})${where ? ` · ${where}` : ""}`;
}

export function previewDescription(ev: { description: string; starts_at: Date; time_zone: string; venue: string; online: boolean }): string {
  const text = `${whenAndWhere(ev)}. ${ev.description.replace(/\s+/g, " ").trim()}`.trim();
  if (text.length <= MAX) return text;
  const cut = text.slice(0, MAX - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), MAX / 2))}…`;
}
