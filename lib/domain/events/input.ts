import { z } from "zod";
import { isTimeZone } from "../time";

const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter a date and time");

/** The languages offered in the event form (BCP 47); what a phone call about the event is spoken in. */
export const EVENT_LANGUAGES: ReadonlyArray<{ value: string; label: string }> = [
  { value: "en-US", label: "English (US)" },
  { value: "en-GB", label: "English (UK)" },
  { value: "de-DE", label: "German (Germany)" },
  { value: "de-CH", label: "German (Switzerland)" },
  { value: "fr-FR", label: "French (France)" },
  { value: "fr-CH", label: "French (Switzerland)" },
  { value: "it-IT", label: "Italian" },
  { value: "es-ES", label: "Spanish (Spain)" },
  { value: "es-MX", label: "Spanish (Mexico)" },
  { value: "nl-NL", label: "Dutch" },
  { value: "pt-BR", label: "Portuguese (Brazil)" },
];

export const eventInput = z
  .object({
    title: z.string().trim().min(1, "Give the event a title").max(200, "Keep the title under 200 characters"),
    description: z.string().trim().max(5000, "Keep the description under 5,000 characters").default(""),
    venue: z.string().trim().max(300, "Keep the venue under 300 characters").default(""),
    startsAt: localDateTime,
    endsAt: localDateTime,
    timeZone: z.string().refine(isTimeZone, "Choose a valid time zone, such as Europe/Zurich"),
    language: z
      .string()
      .refine((v) => EVENT_LANGUAGES.some((l) => l.value === v), "Choose one of the listed languages")
      // Left out, an event keeps its language (en-US when new): API clients that predate it change nothing.
      .optional(),
    capacity: z.coerce
      .number({ error: "Enter the number of places" })
      .int("Capacity is a whole number")
      .min(1, "Capacity must be at least 1")
      .max(1_000_000, "Capacity must be at most 1,000,000"),
    // A form checkbox sends "on" when ticked and nothing otherwise.
    online: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()).optional(),
    hackathon: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()).optional(),
  })
  .refine((v) => v.endsAt > v.startsAt, { path: ["endsAt"], message: "The event must end after it starts" });
export type EventInput = z.input<typeof eventInput>;

export const eventUpdateInput = eventInput.and(
  z.object({ version: z.coerce.number().int().min(1, "Missing version: reload the page") }),
);

export const ticketTypeInput = z.object({
  name: z.string().trim().min(1, "Name the ticket type").max(120, "Keep the name under 120 characters"),
  price: z
    .string()
    .trim()
    .regex(/^\d+(\.\d{1,2})?$/, "Enter a price such as 0, 25 or 25.50")
    // In minor units this stays within what an order total can hold, for any currency.
    .refine((v) => Number(v) <= 1_000_000, "The price must be at most 1,000,000")
    .default("0"),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as EUR or USD"),
  quantity: z.coerce
    .number({ error: "Enter how many tickets are available" })
    .int("Quantity is a whole number")
    .min(1, "Quantity must be at least 1")
    .max(1_000_000, "Quantity must be at most 1,000,000"),
});
export type TicketTypeInput = z.input<typeof ticketTypeInput>;
