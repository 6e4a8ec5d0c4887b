import { z } from "zod";
import { kindOptions, SHORT_TEXT_MAX, type QuestionKindManifest } from "./kinds";

export const QUESTION_LABEL_MAX = 200;
export const QUESTION_HELP_MAX = 500;
export const CHOICES_MAX = 30;

/** The editor's form: choices one per line, the ticket type empty for "every ticket type". */
export function questionInput(extra: readonly QuestionKindManifest[]) {
  const kinds = kindOptions(extra).map((k) => k.id);
  return z
    .object({
      label: z.string().trim().min(1, "Write the question").max(QUESTION_LABEL_MAX, `Keep the question under ${QUESTION_LABEL_MAX} characters`),
      help: z.string().trim().max(QUESTION_HELP_MAX, `Keep the help text under ${QUESTION_HELP_MAX} characters`).default(""),
      kind: z.string().refine((k) => kinds.includes(k), "Choose a kind of answer from the list"),
      required: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
      choices: z
        .string()
        .default("")
        .transform((s) => s.split(/\r?\n/).map((c) => c.trim()).filter(Boolean)),
      ticketTypeId: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.uuid("Choose a ticket type, or every ticket type").nullable()),
    })
    .superRefine((v, ctx) => {
      if (v.kind !== "choice") return;
      if (v.choices.length < 2) ctx.addIssue({ code: "custom", path: ["choices"], message: "Give at least two choices, one per line" });
      if (v.choices.length > CHOICES_MAX) ctx.addIssue({ code: "custom", path: ["choices"], message: `At most ${CHOICES_MAX} choices` });
      const long = v.choices.find((c) => c.length > SHORT_TEXT_MAX);
      if (long) ctx.addIssue({ code: "custom", path: ["choices"], message: `Keep each choice under ${SHORT_TEXT_MAX} characters ("${long.slice(0, 30)}…" is longer)` });
      const seen = new Set<string>();
      for (const c of v.choices) {
        if (seen.has(c.toLowerCase())) ctx.addIssue({ code: "custom", path: ["choices"], message: `"${c}" is listed twice` });
        seen.add(c.toLowerCase());
      }
    })
    .transform((v) => ({ ...v, choices: v.kind === "choice" ? v.choices : [] }));
}
export type QuestionInput = z.output<ReturnType<typeof questionInput>>;
