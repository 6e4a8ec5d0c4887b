"use client";
// The event's registration questions: each one editable in place, moved up or
// down, deleted; and a form to add one. A failed save keeps what was typed.
import { useActionState, useState } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/http/errors";

type FormAction = (prev: FormState, fd: FormData) => Promise<FormState>;
type ButtonAction = (prev: FormState) => Promise<FormState>;

export interface EditableQuestion {
  id: string;
  values: Record<string, string>;
  /** "GitHub username · required · VIP only", for the collapsed row. */
  summary: string;
  update: FormAction;
  remove: ButtonAction;
  up?: ButtonAction;
  down?: ButtonAction;
}

/** What a "file" question may take: the types attendees can upload, and the largest size in MB. */
export interface FileOptions {
  types: Array<{ id: string; label: string }>;
  maxMb: number;
}

interface Options {
  kinds: Array<{ id: string; label: string }>;
  ticketTypes: Array<{ id: string; name: string }>;
  file: FileOptions;
}

/** A new file question takes PDFs until the organizer says otherwise. */
const DEFAULT_FILE_TYPES = "application/pdf";

function FileSettings({ v, e, idPrefix, k, file, hidden }: { v: Record<string, string>; e: Record<string, string[]>; idPrefix: string; k: (name: string) => string; file: FileOptions; hidden: boolean }) {
  const ticked = (v.fileAccept ?? DEFAULT_FILE_TYPES).split(",");
  const legendId = `${idPrefix}-file-types`;
  const errorId = e.fileAccept?.length ? `${legendId}-error` : undefined;
  return (
    <div hidden={hidden} className="grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-3" data-testid="file-settings">
      <fieldset className="sm:col-span-2" aria-describedby={errorId}>
        <legend id={legendId} className="text-sm font-medium text-slate-700">Files it takes</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {file.types.map((t) => (
            <label key={t.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="fileAccept" value={t.id} defaultChecked={ticked.includes(t.id)} key={k("fileAccept")} />
              {t.label}
            </label>
          ))}
        </div>
        {errorId ? <p id={errorId} role="alert" className="mt-1 text-sm text-red-600">{e.fileAccept!.join(" ")}</p> : null}
      </fieldset>
      <Field name="fileMaxMb" idPrefix={idPrefix} label="Largest file (MB)" errors={e.fileMaxMb} hint={`Up to ${file.maxMb} MB. The file's content is checked, not its name.`}>
        {(p) => <input {...p} inputMode="decimal" defaultValue={v.fileMaxMb ?? String(file.maxMb)} key={k("fileMaxMb")} />}
      </Field>
    </div>
  );
}

function QuestionFields({ v, e, idPrefix, kinds, ticketTypes, file }: { v: Record<string, string>; e: Record<string, string[]>; idPrefix: string } & Options) {
  // Keys tied to the values make React re-read defaultValue when the server sends values back.
  const k = (name: string) => `${idPrefix}-${name}-${v[name] ?? ""}`;
  // The file settings show for a file question only; they follow the select, and the server's values when it answers.
  const [kind, setKind] = useState(v.kind ?? "short-text");
  const [sentKind, setSentKind] = useState(v.kind);
  if (sentKind !== v.kind) {
    setSentKind(v.kind);
    setKind(v.kind ?? "short-text");
  }
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="sm:col-span-2">
          <Field name="label" idPrefix={idPrefix} label="Question" errors={e.label}>
            {(p) => <input {...p} defaultValue={v.label} key={k("label")} maxLength={200} />}
          </Field>
        </div>
        <Field name="kind" idPrefix={idPrefix} label="Kind of answer" errors={e.kind}>
          {(p) => (
            <select {...p} defaultValue={v.kind ?? "short-text"} key={k("kind")} onChange={(ev) => setKind(ev.target.value)}>
              {kinds.map((kind) => <option key={kind.id} value={kind.id}>{kind.label}</option>)}
            </select>
          )}
        </Field>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="sm:col-span-2">
          <Field name="help" idPrefix={idPrefix} label="Help text (optional)" errors={e.help} hint="Shown under the field on the public form.">
            {(p) => <input {...p} defaultValue={v.help} key={k("help")} maxLength={500} />}
          </Field>
        </div>
        <Field name="ticketTypeId" idPrefix={idPrefix} label="Asked for" errors={e.ticketTypeId}>
          {(p) => (
            <select {...p} defaultValue={v.ticketTypeId ?? ""} key={k("ticketTypeId")}>
              <option value="">Every ticket type</option>
              {ticketTypes.map((t) => <option key={t.id} value={t.id}>{t.name} only</option>)}
            </select>
          )}
        </Field>
      </div>
      <Field name="choices" idPrefix={idPrefix} label="Choices" errors={e.choices} hint='For "Choice" questions: one option per line.'>
        {(p) => <textarea {...p} rows={3} defaultValue={v.choices} key={k("choices")} />}
      </Field>
      <FileSettings v={v} e={e} idPrefix={idPrefix} k={k} file={file} hidden={kind !== "file"} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="required" defaultChecked={v.required === "on"} key={k("required")} />
        Required: registration needs an answer
      </label>
    </div>
  );
}

function ExistingQuestion({ q, position, ...options }: { q: EditableQuestion; position: number } & Options) {
  const [state, formAction] = useActionState(q.update, { ok: true, values: q.values });
  const v = state.values ?? q.values;
  return (
    <li className="py-3" data-testid="question-row">
      <details open={!state.ok}>
        <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
          <span className="font-medium">{position}. {q.values.label}</span>
          <span className="text-slate-600">{q.summary}</span>
          <span className="text-brand-700 underline">Edit</span>
        </summary>
        <form action={formAction} className="mt-3 space-y-3" noValidate aria-label={`Edit question ${position}`}>
          <FormMessage message={state.message} ok={state.ok} />
          <QuestionFields v={v} e={state.fieldErrors ?? {}} idPrefix={`q-${q.id}`} {...options} />
          <SubmitButton variant="secondary" pendingText="Saving…">Save question</SubmitButton>
        </form>
      </details>
      <div className="mt-2 flex flex-wrap gap-2">
        {q.up ? <ActionButton action={q.up} label="Move up" variant="secondary" /> : null}
        {q.down ? <ActionButton action={q.down} label="Move down" variant="secondary" /> : null}
        <ActionButton action={q.remove} label="Delete" variant="danger" confirm={`Delete "${q.values.label}"? Answers already given are kept with the attendees.`} />
      </div>
    </li>
  );
}

export function QuestionsEditor({ questions, add, kinds, ticketTypes, file }: { questions: EditableQuestion[]; add: FormAction } & Options) {
  const [state, formAction] = useActionState(add, { ok: true, values: {} });
  return (
    <div>
      {questions.length ? (
        <ol className="divide-y divide-slate-100" data-testid="question-list">
          {questions.map((q, i) => <ExistingQuestion key={q.id} q={q} position={i + 1} kinds={kinds} ticketTypes={ticketTypes} file={file} />)}
        </ol>
      ) : (
        <p className="text-sm text-slate-600">The public form asks only for name and e-mail. Add a question to ask more.</p>
      )}
      <form action={formAction} className="mt-4 space-y-3 border-t border-slate-100 pt-4" noValidate aria-label="Add a question">
        <h3 className="text-sm font-semibold text-slate-700">Add a question</h3>
        <FormMessage message={state.message} ok={state.ok} />
        <QuestionFields v={state.values ?? {}} e={state.fieldErrors ?? {}} idPrefix="new-question" kinds={kinds} ticketTypes={ticketTypes} file={file} />
        <SubmitButton variant="secondary" pendingText="Adding…">Add question</SubmitButton>
      </form>
    </div>
  );
}
