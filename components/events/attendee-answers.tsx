// An attendee's answers under their name in the admin list; a file answer is its
// name, linking to a short-lived download when one could be made.
import type { StoredAnswer } from "@/lib/db/schema";
import { answerText } from "@/lib/domain/attendees/export";

export function AttendeeAnswers({ answers, fileLinks }: { answers: StoredAnswer[]; fileLinks?: ReadonlyMap<string, string> }) {
  if (!answers.length) return null;
  return (
    <dl className="mt-1 space-y-0.5 text-xs text-slate-600" data-testid="attendee-answers">
      {answers.map((a) => {
        const link = a.kind === "file" && typeof a.value === "string" ? fileLinks?.get(a.value) : undefined;
        return (
          <div key={a.questionId}>
            <dt className="inline font-medium text-slate-700">{a.question}:</dt>{" "}
            <dd className="inline break-words">{link ? <a href={link} className="text-brand-700 underline" download={answerText(a)}>{answerText(a)}</a> : answerText(a)}</dd>
          </div>
        );
      })}
    </dl>
  );
}
