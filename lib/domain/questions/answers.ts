// Answers on the public form: the questions that apply to the chosen ticket
// types, each answer checked for its kind (zod), then — for a connector's kind —
// by the provider through the organization's connection when one can ask. The
// result is a list of answers with the question's wording at the time, or field
// errors keyed `answers.<questionId>` for the form to show beside each field.
import { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import type { EventQuestionRow, PendingAnswer, StoredAnswer } from "@/lib/db/schema";
import type { FieldErrors } from "../errors";
import { checkFileAnswers } from "./file-answers";
import { findExtraKind, LONG_TEXT_MAX, SHORT_TEXT_MAX, type QuestionKindManifest } from "./kinds";
import { listQuestions } from "./service";

/** What a provider said of an answer; null when it could not be asked (no connection, down, too slow): the answer stands as typed. */
export type ExternalVerdict = { ok: true; canonical: string } | { ok: false; message: string } | null;
export type ExternalCheck = (orgId: string, kind: string, value: string) => Promise<ExternalVerdict>;

/** The connector kinds known to this process, and how to ask a provider about an answer. */
export interface QuestionEnv {
  kinds: readonly QuestionKindManifest[];
  check?: ExternalCheck;
}

export const NO_CONNECTOR_KINDS: QuestionEnv = { kinds: [] };

export const ANSWERS_FIELD = "answers";

/** The form field (and error key) of one question's answer. */
export function answerField(questionId: string): string {
  return `${ANSWERS_FIELD}.${questionId}`;
}

/** Questions asked of someone taking these ticket types: those for every type and those for one of them. */
export function questionsFor(questions: readonly EventQuestionRow[], ticketTypeIds: readonly string[]): EventQuestionRow[] {
  return questions.filter((q) => q.ticket_type_id === null || ticketTypeIds.includes(q.ticket_type_id));
}

function formatSchema(q: Pick<EventQuestionRow, "kind" | "choices">, extra: readonly QuestionKindManifest[]): z.ZodType<string> {
  switch (q.kind) {
    case "long-text":
      return z.string().max(LONG_TEXT_MAX, `At most ${LONG_TEXT_MAX} characters`);
    case "choice":
      return z.string().refine((v) => q.choices.includes(v), "Choose one of the options");
    case "email":
      return z.string().max(254, "At most 254 characters").pipe(z.email("Enter an e-mail address, such as ana@example.com"));
    case "url":
      return z
        .string()
        .max(2000, "At most 2000 characters")
        .pipe(z.url({ protocol: /^https?$/, error: "Enter a full web address starting with https://, such as https://example.com" }));
    case "file":
      // The id the upload answered with; whether it names a usable file is checked against the files table.
      return z.uuid("Choose the file again: this upload is not one we know");
  }
  const kind = findExtraKind(extra, q.kind);
  if (kind) {
    return z
      .string()
      .max(kind.maxLength, `At most ${kind.maxLength} characters`)
      .regex(new RegExp(`^(?:${kind.pattern})$`), kind.patternMessage);
  }
  // short-text, and a connector kind whose connector is gone: plain short text.
  return z.string().max(SHORT_TEXT_MAX, `At most ${SHORT_TEXT_MAX} characters`);
}

/** One answer: text trimmed (empty is no answer), a checkbox as true/false. Undefined: not answered. */
export function answerSchema(q: Pick<EventQuestionRow, "kind" | "choices" | "required">, extra: readonly QuestionKindManifest[]): z.ZodType<string | boolean | undefined> {
  if (q.kind === "checkbox") {
    const box = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());
    return q.required ? box.refine((v) => v, "Tick this box to continue") : box;
  }
  const format = formatSchema(q, extra);
  return z
    .preprocess((v) => (v === undefined || v === null ? "" : typeof v === "string" ? v.trim() : v), z.string({ error: "Answer with text" }))
    .superRefine((v, ctx) => {
      if (!v) {
        if (q.required) ctx.addIssue({ code: "custom", message: "This question needs an answer" });
        return;
      }
      const r = format.safeParse(v);
      if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
    })
    .transform((v) => v || undefined);
}

/** Checks the answers to these questions for their kinds; nothing here asks a provider. */
export function validateAnswers(
  questions: readonly EventQuestionRow[],
  raw: unknown,
  extra: readonly QuestionKindManifest[],
): { answers: PendingAnswer[]; errors: FieldErrors } {
  const given = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const schema = z.object(Object.fromEntries(questions.map((q) => [q.id, answerSchema(q, extra)])));
  const parsed = schema.safeParse(Object.fromEntries(questions.map((q) => [q.id, given[q.id]])));
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) (errors[answerField(String(issue.path[0]))] ??= []).push(issue.message);
    return { answers: [], errors };
  }
  const answers: PendingAnswer[] = [];
  for (const q of questions) {
    const value = parsed.data[q.id] as string | boolean | undefined;
    if (value !== undefined) answers.push({ questionId: q.id, question: q.label, kind: q.kind, value, ticketTypeId: q.ticket_type_id });
  }
  return { answers, errors: {} };
}

/**
 * The answers a registration gives, checked in full: format first, then each
 * file answer against the files table, and each connector-kind answer through
 * the provider (in parallel), whose canonical form replaces what was typed. Runs
 * before the registration's transaction, so no lock is held while a provider answers.
 */
export async function prepareAnswers(
  db: DbOrTx,
  event: { id: string; org_id: string },
  ticketTypeIds: readonly string[],
  raw: unknown,
  env: QuestionEnv,
): Promise<{ answers: PendingAnswer[]; errors: FieldErrors }> {
  const questions = questionsFor(await listQuestions(db, event.id), ticketTypeIds);
  if (questions.length === 0) return { answers: [], errors: {} };
  const formatted = validateAnswers(questions, raw, env.kinds);
  if (Object.keys(formatted.errors).length > 0) return formatted;
  const checked = await checkFileAnswers(db, event, questions, formatted.answers, answerField);
  if (!env.check) return checked;
  const errors: FieldErrors = { ...checked.errors };
  const answers = await Promise.all(
    checked.answers.map(async (a) => {
      if (typeof a.value !== "string" || !findExtraKind(env.kinds, a.kind)) return a;
      const verdict = await env.check!(event.org_id, a.kind, a.value);
      if (verdict?.ok === false) errors[answerField(a.questionId)] = [verdict.message];
      return verdict?.ok ? { ...a, value: verdict.canonical } : a;
    }),
  );
  return { answers, errors };
}

/** The answers an attendee of this ticket type keeps: those asked for every type or for theirs. */
export function answersForTicketType(answers: readonly PendingAnswer[], ticketTypeId: string): StoredAnswer[] {
  return answers
    .filter((a) => a.ticketTypeId === null || a.ticketTypeId === ticketTypeId)
    .map(({ questionId, question, kind, value, filename }) => ({ questionId, question, kind, value, ...(filename ? { filename } : {}) }));
}

/** The `answers` object of a posted form, whatever else was posted. */
export function rawAnswers(input: unknown): unknown {
  return input && typeof input === "object" ? (input as Record<string, unknown>)[ANSWERS_FIELD] : undefined;
}
