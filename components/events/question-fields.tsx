"use client";
// The event's registration questions on the public forms. Every question is
// rendered, and those not asked for the chosen ticket types are hidden rather
// than removed, so switching tickets back and forth keeps what was typed.
import { Field } from "@/components/ui/field";
import type { PublicQuestion } from "@/lib/domain/questions/public";
import { FileAnswer } from "./file-answer";

export const answerName = (id: string) => `answers.${id}`;

/** The `answers` object to post: each question's text, true/false for a checkbox, a file question's uploaded file id. */
export function answersFrom(fd: FormData, questions: readonly PublicQuestion[]): Record<string, string | boolean> {
  return Object.fromEntries(
    questions.map((q) => [q.id, q.input === "checkbox" ? fd.get(answerName(q.id)) === "on" : String(fd.get(answerName(q.id)) ?? "")]),
  );
}

/** The form's own fields without the answers (they go in `answers`). */
export function withoutAnswers(fd: FormData): Record<string, FormDataEntryValue> {
  return Object.fromEntries([...fd.entries()].filter(([k]) => !k.startsWith("answers.")));
}

export function QuestionFields({ questions, ticketTypeIds, errors, idPrefix, slug }: { questions: readonly PublicQuestion[]; ticketTypeIds: readonly string[]; errors: Record<string, string[]>; idPrefix: string; slug: string }) {
  if (questions.length === 0) return null;
  return (
    <div className="space-y-4" data-testid="registration-questions">
      {questions.map((q) => {
        const asked = q.ticketTypeId === null || ticketTypeIds.includes(q.ticketTypeId);
        const name = answerName(q.id);
        const label = q.required ? q.label : `${q.label} (optional)`;
        const fieldErrors = errors[name];
        if (q.input === "file" && q.file) {
          return (
            <div key={q.id} hidden={!asked}>
              <FileAnswer q={q} name={name} label={label} slug={slug} ticketTypeIds={ticketTypeIds} idPrefix={idPrefix} errors={fieldErrors} />
            </div>
          );
        }
        if (q.input === "checkbox") {
          const id = `field-${idPrefix}-${name}`;
          return (
            <div key={q.id} hidden={!asked}>
              <label htmlFor={id} className="flex items-start gap-2 text-sm text-slate-700">
                <input id={id} type="checkbox" name={name} className="mt-1" aria-invalid={Boolean(fieldErrors?.length)} aria-describedby={fieldErrors?.length ? `${id}-error` : undefined} />
                <span>{label}{q.help ? <span className="block text-xs text-slate-500">{q.help}</span> : null}</span>
              </label>
              {fieldErrors?.length ? <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-600">{fieldErrors.join(" ")}</p> : null}
            </div>
          );
        }
        return (
          <div key={q.id} hidden={!asked}>
            <Field name={name} idPrefix={idPrefix} label={label} errors={fieldErrors} hint={q.help || undefined}>
              {(p) =>
                q.input === "textarea" ? (
                  <textarea {...p} rows={4} maxLength={q.maxLength} />
                ) : q.input === "select" ? (
                  <select {...p} defaultValue="">
                    <option value="">Choose…</option>
                    {q.choices.map((c) => <option key={c} value={c}>{c}</option>)}
                  </select>
                ) : (
                  <input {...p} type={q.input} placeholder={q.placeholder} maxLength={q.maxLength} autoComplete="off" />
                )
              }
            </Field>
          </div>
        );
      })}
    </div>
  );
}
