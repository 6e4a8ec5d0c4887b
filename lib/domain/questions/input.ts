import { z } from "zod";
import { describeTypes, KNOWN_TYPES, type KnownType } from "@/lib/files/content-type";
import { ANSWER_MAX_MB, ANSWER_TYPES, MB } from "./file-limits";
import { kindOptions, SHORT_TEXT_MAX, type QuestionKindManifest } from "./kinds";

export const QUESTION_LABEL_MAX = 200;
export const QUESTION_HELP_MAX = 500;
export const CHOICES_MAX = 30;

/** A checkbox list posts one value per ticked box; a form kept for redisplay joins them with commas. */
const typeList = z.preprocess(
  (v) => (Array.isArray(v) ? v : typeof v === "string" ? v.split(",") : []).map((t) => String(t).trim()).filter(Boolean),
  z.array(z.string()),
);

/** MB as typed ("5", "2,5"); undefined when empty (the largest allowed), NaN when not a number. */
function megabytes(v: unknown): number | undefined {
  if (v === undefined || v === null || (typeof v === "string" && !v.trim())) return undefined;
  return typeof v === "number" ? v : Number(String(v).trim().replace(",", "."));
}

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
      fileAccept: typeList,
      fileMaxMb: z.unknown().transform(megabytes).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.kind === "file") {
        const refused = v.fileAccept.filter((t) => !ANSWER_TYPES.includes(t as KnownType));
        if (refused.length) {
          const named = refused.map((t) => (Object.hasOwn(KNOWN_TYPES, t) ? KNOWN_TYPES[t as KnownType].label : t)).join(", ");
          ctx.addIssue({ code: "custom", path: ["fileAccept"], message: `Attendees cannot upload ${named}; choose among ${describeTypes(ANSWER_TYPES)}` });
        } else if (v.fileAccept.length === 0) {
          ctx.addIssue({ code: "custom", path: ["fileAccept"], message: "Tick at least one type of file the question takes" });
        }
        const mb = v.fileMaxMb;
        if (mb !== undefined && !(Number.isFinite(mb) && mb > 0)) ctx.addIssue({ code: "custom", path: ["fileMaxMb"], message: "Give the largest size in MB as a number above 0, such as 5" });
        else if (mb !== undefined && mb > ANSWER_MAX_MB) ctx.addIssue({ code: "custom", path: ["fileMaxMb"], message: `At most ${ANSWER_MAX_MB} MB: attendee uploads are limited to that` });
      }
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
    .transform(({ fileAccept, fileMaxMb, ...v }) => ({
      ...v,
      choices: v.kind === "choice" ? v.choices : [],
      // Kept in the editor's order (ANSWER_TYPES), whatever order the boxes were posted in.
      fileAccept: v.kind === "file" ? ANSWER_TYPES.filter((t) => fileAccept.includes(t)) : [],
      fileMaxBytes: v.kind === "file" ? Math.round((fileMaxMb ?? ANSWER_MAX_MB) * MB) : null,
    }));
}
export type QuestionInput = z.output<ReturnType<typeof questionInput>>;
