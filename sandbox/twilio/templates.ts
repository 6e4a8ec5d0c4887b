// The approved WhatsApp templates every sandbox account has, in the Content API's
// terms: a friendly name, a language, a body with {{1}}… placeholders and sample values.
import type { TwilioTemplate } from "./state";

export const SANDBOX_TEMPLATES: Array<Omit<TwilioTemplate, "sid" | "createdAt">> = [
  {
    friendlyName: "registration_confirmation",
    language: "en",
    body: "Hi {{1}}, you're registered for {{2}} on {{3}}. Details: {{4}}",
    variables: { "1": "Ada", "2": "Launch night", "3": "1 June 2030, 18:00 (Europe/Zurich)", "4": "https://events.example/e/launch" },
  },
  {
    friendlyName: "event_reminder",
    language: "en",
    body: "Reminder for {{1}}: {{2}} starts {{3}}. See you there! {{4}}",
    variables: { "1": "Ada", "2": "Launch night", "3": "1 June 2030, 18:00 (Europe/Zurich)", "4": "https://events.example/e/launch" },
  },
  {
    friendlyName: "anmeldebestaetigung",
    language: "de",
    body: "Hallo {{1}}, du bist für {{2}} am {{3}} angemeldet. Details: {{4}}",
    variables: { "1": "Ada", "2": "Launch night", "3": "1. Juni 2030, 18:00 (Europe/Zurich)", "4": "https://events.example/e/launch" },
  },
];

/** The template's body with {{n}} filled; the names of variables it needs but did not get, if any. */
export function fillTemplate(t: Pick<TwilioTemplate, "body">, vars: Record<string, string>): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = t.body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => {
    if (vars[n] === undefined) missing.push(n);
    return vars[n] ?? "";
  });
  return { text, missing };
}
