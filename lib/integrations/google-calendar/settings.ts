import { z } from "zod";

export const calendarSettingsSchema = z.object({
  calendarId: z.string().trim().min(1, "Choose a calendar").default("primary"),
  addAttendeesAsGuests: z.boolean().default(false),
  reminderMinutes: z
    .union([z.array(z.number()), z.string()])
    .default([1440, 30])
    .transform((v, ctx) => {
      const list = Array.isArray(v) ? v : v.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
      if (list.some((n) => !Number.isInteger(n) || n < 0 || n > 40320)) {
        ctx.addIssue({ code: "custom", message: "List minutes before the event, separated by commas, such as 1440, 30 (at most 40320 = 4 weeks)" });
        return z.NEVER;
      }
      if (list.length > 5) {
        ctx.addIssue({ code: "custom", message: "Google allows at most 5 reminders" });
        return z.NEVER;
      }
      return list;
    }),
});
export type CalendarSettings = z.infer<typeof calendarSettingsSchema>;
