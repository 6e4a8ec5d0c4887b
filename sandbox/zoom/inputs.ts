// Zoom publishes no machine-readable API description the sandbox could load (its
// OpenAPI files sit behind its developer portal, not in ../shared/specs), so the
// bodies of the calls we emulate are checked with zod schemas written from Zoom's
// API reference (developers.zoom.us/docs/api/meetings/#tag/meetings: "Create a
// meeting", "Update a meeting"): topic up to 200 characters, agenda up to 2,000, a
// passcode of at most 10 letters, digits or @ - _ *, a duration in whole minutes,
// start_time as yyyy-MM-ddTHH:mm:ss with a Z or with a timezone, and the meeting
// settings we use. Unknown fields are refused by name, so a typo cannot pass.
import { z } from "zod";
import type { Issue, ValidationOutcome } from "../core/validation-outcome";

const startTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z?$/, "must be yyyy-MM-ddTHH:mm:ss (GMT with a trailing Z, or local time with timezone)");

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be a time zone ID from Zoom's list, such as Europe/Zurich");

const settings = z.strictObject({
  waiting_room: z.boolean().optional(),
  join_before_host: z.boolean().optional(),
  host_video: z.boolean().optional(),
  participant_video: z.boolean().optional(),
  mute_upon_entry: z.boolean().optional(),
});

const fields = {
  topic: z.string().max(200, "must be at most 200 characters"),
  type: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(8)], "must be 1 (instant), 2 (scheduled), 3 (recurring, no fixed time) or 8 (recurring, fixed time)"),
  start_time: startTime,
  duration: z.number().int("must be a whole number of minutes").positive("must be positive"),
  timezone,
  agenda: z.string().max(2000, "must be at most 2,000 characters"),
  password: z.string().max(10, "must be at most 10 characters").regex(/^[A-Za-z0-9@\-_*]*$/, "may only contain letters, numbers and @ - _ *"),
  settings,
};

export const createMeetingInput = z.strictObject({ ...fields, topic: fields.topic.optional(), type: fields.type.optional(), start_time: fields.start_time.optional(), duration: fields.duration.optional(), timezone: fields.timezone.optional(), agenda: fields.agenda.optional(), password: fields.password.optional(), settings: fields.settings.optional() })
  // A scheduled meeting needs its time.
  .refine((v) => (v.type ?? 2) !== 2 || v.start_time !== undefined, { path: ["start_time"], message: "is required for a scheduled meeting (type 2)" });

export const updateMeetingInput = z.strictObject({ ...fields }).partial();

export function outcomeOf(result: { success: true } | { success: false; error: z.ZodError }): ValidationOutcome {
  if (result.success) return { checked: true, issues: [], notes: ["Checked with zod schemas written from Zoom's API reference (no published spec)"] };
  const issues: Issue[] = result.error.issues.map((i) => ({
    location: "body",
    // An unknown field is named by itself, not by the object that holds it.
    path: [...i.path.map(String), ...(i.code === "unrecognized_keys" ? [i.keys.join(",")] : [])].filter(Boolean).join("."),
    message: i.message,
    rule: i.code,
  }));
  return { checked: true, issues, notes: [] };
}
