// What the public form needs of each question: its wording, how to render it,
// and which ticket type it is asked for. Connector kinds add their own help and
// placeholder.
import type { EventQuestionRow } from "@/lib/db/schema";
import { KNOWN_TYPES, type KnownType } from "@/lib/files/content-type";
import { describeFileLimits, questionFileLimits } from "./file-limits";
import { findExtraKind, LONG_TEXT_MAX, SHORT_TEXT_MAX, type QuestionKindManifest } from "./kinds";

export interface PublicQuestion {
  id: string;
  label: string;
  help: string;
  required: boolean;
  /** How the field is drawn. */
  input: "text" | "textarea" | "select" | "checkbox" | "email" | "url" | "file";
  /** The stored kind, carried for tests and styling. */
  kind: string;
  choices: string[];
  placeholder?: string;
  maxLength: number;
  ticketTypeId: string | null;
  /** A file question: the types it takes (MIME) and the largest file; the browser checks these before uploading. */
  file?: { types: string[]; maxBytes: number; limitsText: string; accept: string };
}

/** The file picker's filter: each type and its usual extension (a hint for the picker; the server reads the bytes). */
function acceptAttribute(types: readonly KnownType[]): string {
  return types.flatMap((t) => [t, `.${KNOWN_TYPES[t].ext}`]).join(",");
}

export function publicQuestions(questions: readonly EventQuestionRow[], extra: readonly QuestionKindManifest[]): PublicQuestion[] {
  return questions.map((q) => {
    const base = { id: q.id, label: q.label, help: q.help, required: q.required, kind: q.kind, choices: q.choices, ticketTypeId: q.ticket_type_id, maxLength: SHORT_TEXT_MAX };
    switch (q.kind) {
      case "long-text":
        return { ...base, input: "textarea", maxLength: LONG_TEXT_MAX };
      case "choice":
        return { ...base, input: "select" };
      case "checkbox":
        return { ...base, input: "checkbox" };
      case "email":
        return { ...base, input: "email", maxLength: 254 };
      case "url":
        return { ...base, input: "url", maxLength: 2000, placeholder: "https://" };
      case "file": {
        const limits = questionFileLimits(q);
        return { ...base, input: "file", maxLength: 36, file: { types: [...limits.types], maxBytes: limits.maxBytes, limitsText: describeFileLimits(limits), accept: acceptAttribute(limits.types) } };
      }
    }
    const kind = findExtraKind(extra, q.kind);
    if (!kind) return { ...base, input: "text" };
    return { ...base, input: "text", help: q.help || kind.help || "", placeholder: kind.placeholder, maxLength: kind.maxLength };
  });
}
