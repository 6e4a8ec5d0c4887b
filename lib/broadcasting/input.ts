import { z } from "zod";

/** 1,600 characters is the longest SMS Twilio accepts; the rest is left for the opt-out line a channel adds. */
export const TEXT_LIMITS = { email: 10_000, other: 1_500 } as const;

export const broadcastInput = z.object({
  channel: z.string().regex(/^[0-9a-f-]{36}:[a-z]+$/, "Choose how to send the message"),
  audience: z.enum(["all", "paid", "checked_in", "not_checked_in"], { error: "Choose who receives the message" }),
  subject: z.string().trim().max(200, "Keep the subject under 200 characters").default(""),
  text: z.string().trim().min(1, "Write the message").max(TEXT_LIMITS.email, `Keep the message under ${TEXT_LIMITS.email.toLocaleString("en-US")} characters`),
});
export type BroadcastInput = z.input<typeof broadcastInput>;
