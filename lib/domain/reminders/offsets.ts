// Reminder offsets: how long before an event's start its attendees are reminded.
// Stored as whole minutes; an organizer types and reads them as "24h, 1h".
import { z } from "zod";

export const DEFAULT_OFFSETS = [1440, 60];
export const MAX_OFFSETS = 5;
/** 30 days, the furthest ahead a reminder may be. */
export const MAX_OFFSET_MINUTES = 30 * 1440;

const DURATION = /^(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?$/i;

/** "24h" → 1440, "1h 30m" → 90, "2d" → 2880; null when it is not a duration. */
export function parseOffset(text: string): number | null {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!t || !m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return null;
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** 1440 → "24h", 90 → "1h 30m", 2880 → "2d": what the settings form shows. */
export function offsetInput(minutes: number): string {
  if (minutes >= 2880 && minutes % 1440 === 0) return `${minutes / 1440}d`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h}h` : "", m ? `${m}m` : ""].filter(Boolean).join(" ");
}

/** 1440 → "24 hours", 90 → "1 hour 30 minutes", 2880 → "2 days": for people reading a reminder. */
export function formatOffset(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes >= 2880 && minutes % 1440 === 0) return plural(minutes / 1440, "day");
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? plural(h, "hour") : "", m ? plural(m, "minute") : ""].filter(Boolean).join(" ");
}

/**
 * The settings form's one field: offsets separated by commas, largest first once
 * saved. Empty turns reminders off. Errors name the field and the piece at fault.
 */
export const reminderOffsetsInput = z.object({
  reminderOffsets: z
    .string({ error: "Enter the reminders, such as 24h, 1h" })
    .transform((text, ctx) => {
      const parts = text.split(",").map((p) => p.trim()).filter(Boolean);
      const minutes: number[] = [];
      for (const part of parts) {
        const n = parseOffset(part);
        if (n === null) {
          ctx.addIssue({ code: "custom", message: `"${part}" is not a duration: write each reminder like 24h, 90m or 2d, separated by commas` });
          return z.NEVER;
        }
        if (n < 1) {
          ctx.addIssue({ code: "custom", message: `"${part}" is no time at all: a reminder must be at least 1 minute before the start` });
          return z.NEVER;
        }
        if (n > MAX_OFFSET_MINUTES) {
          ctx.addIssue({ code: "custom", message: `"${part}" is too far ahead: a reminder can be at most 30 days before the start` });
          return z.NEVER;
        }
        if (!minutes.includes(n)) minutes.push(n);
      }
      if (minutes.length > MAX_OFFSETS) {
        ctx.addIssue({ code: "custom", message: `At most ${MAX_OFFSETS} reminders per event; you entered ${minutes.length}` });
        return z.NEVER;
      }
      return minutes.sort((a, b) => b - a);
    }),
});
