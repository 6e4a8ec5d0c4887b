// An attendee's answers under their name in the admin list.
import type { StoredAnswer } from "@/lib/db/schema";
import { answerText } from "@/lib/domain/attendees/export";

export function AttendeeAnswers({ answers }: { answers: StoredAnswer[] }) {
  if (!answers.length) return null;
  return (
    <dl className="mt-1 space-y-0.5 text-xs text-slate-600" data-testid="attendee-answers">
      {answers.map((a) => (
        <div key={a.questionId}>
          <dt className="inline font-medium text-slate-700">{a.question}:</dt> <dd className="inline break-words">{answerText(a.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
