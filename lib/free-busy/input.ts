// What the event form sends while an admin picks a time: the wall-clock start and
// end in the event's time zone (as the form holds them), and the event being
// edited, if any. Parsed into the instants the check asks about.
import { z } from "zod";
import { parseOrThrow } from "@/lib/domain/errors";
import { isTimeZone, localToInstant } from "@/lib/domain/time";

const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter a date and time");
// Google answers free/busy for at most a few months at once; an event is far shorter.
const MAX_RANGE_MS = 31 * 24 * 3600 * 1000;

export const freeBusyInput = z
  .object({
    startsAt: localDateTime,
    endsAt: localDateTime,
    timeZone: z.string().refine(isTimeZone, "Choose a valid time zone, such as Europe/Zurich"),
    eventId: z.uuid("Not an event id").optional(),
  })
  .refine((v) => v.endsAt > v.startsAt, { path: ["endsAt"], message: "The event must end after it starts" })
  .transform((v, ctx) => {
    const from = localToInstant(v.startsAt, v.timeZone);
    const to = localToInstant(v.endsAt, v.timeZone);
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "Calendars are checked for events of up to 31 days" });
      return z.NEVER;
    }
    return { from, to, excludeEventId: v.eventId };
  });

/** Throws ValidationError naming the field when the input is not a time range. */
export function parseFreeBusyInput(input: unknown): z.output<typeof freeBusyInput> {
  return parseOrThrow(freeBusyInput, input);
}
