// An event's attendees as rows for a CSV file: one column per question the event
// asks now, in its order, then one per question since deleted that someone had
// answered (with the wording they answered).
import type { Db } from "@/lib/db/client";
import type { StoredAnswer } from "@/lib/db/schema";
import { listQuestions } from "../questions/service";
import { listAttendees } from "./service";

/** An answer as a person reads it: Yes/No for a checkbox, a file answer by its name rather than its id. */
export function answerText(answer: Pick<StoredAnswer, "kind" | "value" | "filename">): string {
  const { value } = answer;
  if (answer.kind === "file") return answer.filename ?? "file";
  return typeof value === "boolean" ? (value ? "Yes" : "No") : value;
}

export async function attendeeRows(db: Db, orgId: string, eventId: string): Promise<string[][]> {
  const [attendees, questions] = await Promise.all([listAttendees(db, orgId, eventId), listQuestions(db, eventId)]);
  const columns = questions.map((q) => ({ id: q.id, label: q.label }));
  for (const a of [...attendees].reverse()) {
    for (const answer of a.answers) if (!columns.some((c) => c.id === answer.questionId)) columns.push({ id: answer.questionId, label: answer.question });
  }
  const header = ["Name", "E-mail", "Phone", "Ticket", "Status", "Checked in at (UTC)", "Registered at (UTC)", "Order", ...columns.map((c) => c.label)];
  const rows = [...attendees].reverse().map((a) => {
    const byQuestion = new Map(a.answers.map((x) => [x.questionId, answerText(x)]));
    return [
      a.name,
      a.email,
      a.phone ?? "",
      a.ticket_type_name,
      a.status,
      a.checked_in_at ? a.checked_in_at.toISOString() : "",
      a.created_at.toISOString(),
      a.order_id,
      ...columns.map((c) => byQuestion.get(c.id) ?? ""),
    ];
  });
  return [header, ...rows];
}
