// The event page's "Registration questions" section: the questions, with their
// actions bound to each one, handed to the client editor.
import { kindOptions, type QuestionKindManifest } from "@/lib/domain/questions/kinds";
import { ANSWER_MAX_MB, ANSWER_TYPES, questionFileLimits } from "@/lib/domain/questions/file-limits";
import { describeTypes, KNOWN_TYPES } from "@/lib/files/content-type";
import { formatBytes } from "@/lib/files/limits";
import type { EventQuestionRow } from "@/lib/db/schema";
import type { FormState } from "@/lib/http/errors";
import { QuestionsEditor, type EditableQuestion } from "./questions-editor";

export interface QuestionActions {
  add: (eventId: string, prev: FormState, fd: FormData) => Promise<FormState>;
  update: (eventId: string, questionId: string, prev: FormState, fd: FormData) => Promise<FormState>;
  remove: (eventId: string, questionId: string, prev: FormState) => Promise<FormState>;
  move: (eventId: string, questionId: string, direction: -1 | 1, prev: FormState) => Promise<FormState>;
}

export function EventQuestions({
  eventId,
  questions,
  ticketTypes,
  connectorKinds,
  actions,
  canEdit,
}: {
  eventId: string;
  questions: EventQuestionRow[];
  ticketTypes: Array<{ id: string; name: string }>;
  connectorKinds: readonly QuestionKindManifest[];
  actions: QuestionActions;
  canEdit: boolean;
}) {
  const kinds = kindOptions(connectorKinds);
  const kindLabel = (id: string) => kinds.find((k) => k.id === id)?.label ?? id;
  const typeName = (id: string | null) => (id ? (ticketTypes.find((t) => t.id === id)?.name ?? "one ticket type") : null);
  const fileSummary = (q: EventQuestionRow) => {
    const limits = questionFileLimits(q);
    return `${kindLabel(q.kind)} (${describeTypes(limits.types)}, up to ${formatBytes(limits.maxBytes)})`;
  };
  const summary = (q: EventQuestionRow) =>
    [q.kind === "file" ? fileSummary(q) : kindLabel(q.kind), q.required ? "required" : "optional", typeName(q.ticket_type_id) ? `${typeName(q.ticket_type_id)} only` : "every ticket type"].join(" · ");
  const file = { types: ANSWER_TYPES.map((t) => ({ id: t, label: KNOWN_TYPES[t].label })), maxMb: ANSWER_MAX_MB };
  const editable: EditableQuestion[] = questions.map((q, i) => ({
    id: q.id,
    summary: summary(q),
    values: {
      label: q.label,
      help: q.help,
      kind: q.kind,
      required: q.required ? "on" : "",
      choices: q.choices.join("\n"),
      ticketTypeId: q.ticket_type_id ?? "",
      ...(q.kind === "file" ? { fileAccept: q.file_accept.join(","), fileMaxMb: String(Math.round(((q.file_max_bytes ?? ANSWER_MAX_MB * 1024 * 1024) / (1024 * 1024)) * 100) / 100) } : {}),
    },
    update: actions.update.bind(null, eventId, q.id),
    remove: actions.remove.bind(null, eventId, q.id),
    up: i > 0 ? actions.move.bind(null, eventId, q.id, -1) : undefined,
    down: i < questions.length - 1 ? actions.move.bind(null, eventId, q.id, 1) : undefined,
  }));
  return (
    <section aria-labelledby="questions-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="questions-heading" className="text-lg font-semibold">Registration questions</h2>
      <p className="mt-1 text-sm text-slate-600">Asked on the public form, for every ticket type or for one. Answers show in the attendee list and the CSV export.</p>
      <div className="mt-4">
        {canEdit ? (
          <QuestionsEditor questions={editable} add={actions.add.bind(null, eventId)} kinds={kinds} ticketTypes={ticketTypes} file={file} />
        ) : (
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            {questions.map((q) => <li key={q.id}>{q.label} <span className="text-slate-600">({summary(q)})</span></li>)}
          </ol>
        )}
      </div>
    </section>
  );
}
