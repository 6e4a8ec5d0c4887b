// The one template language of editable messages: a subject and an HTML body with
// {{placeholders}}. Values are HTML-escaped in the body; unknown placeholders are
// refused on save. It runs in the browser too, for the editor's live preview.
import { z } from "zod";
import type { MessageTemplate } from "./contract";

const placeholder = /\{\{\s*([a-z_]+)\s*\}\}/g;

function unknownPlaceholders(text: string, known: readonly string[]): string[] {
  return [...text.matchAll(placeholder)].map((m) => m[1]!).filter((n) => !known.includes(n));
}

/** What an admin may save: a subject and a body that use only the known placeholders. */
export function templateInput(placeholders: readonly string[]) {
  const onlyKnown = { message: `Use only these placeholders: ${placeholders.map((p) => `{{${p}}}`).join(", ")}` };
  return z.object({
    subject: z
      .string()
      .trim()
      .min(1, "Enter a subject")
      .max(200, "Keep the subject under 200 characters")
      .refine((s) => unknownPlaceholders(s, placeholders).length === 0, onlyKnown),
    body: z
      .string()
      .trim()
      .min(1, "Enter the message")
      .max(20_000, "Keep the message under 20,000 characters")
      .refine((s) => unknownPlaceholders(s, placeholders).length === 0, onlyKnown),
  });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function renderTemplate(t: MessageTemplate, vars: Record<string, string>): { subject: string; html: string } {
  const fill = (text: string, escape: boolean) =>
    text.replace(placeholder, (_, name: string) => {
      const v = vars[name] ?? "";
      return escape ? escapeHtml(v) : v.replace(/[\r\n]+/g, " ");
    });
  return { subject: fill(t.subject, false), html: fill(t.body, true) };
}
