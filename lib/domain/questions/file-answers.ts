// A "file" answer is the id of a file the attendee uploaded beforehand (the
// public upload route). It counts only for the file it names: an upload of this
// event and organization, made for an answer, stored, of a type and size the
// question takes, and nobody's answer yet — so an id seen elsewhere (another
// event's, another organization's, one already given) answers nothing.
import { sql } from "kysely";
import type { DbOrTx } from "@/lib/db/client";
import type { EventQuestionRow, FileRow, PendingAnswer } from "@/lib/db/schema";
import { findFile } from "@/lib/files/records";
import { ValidationError, type FieldErrors } from "../errors";
import { questionFileLimits } from "./file-limits";

export const FILE_KIND = "file";

const NOT_FOUND = "This upload was not found; choose the file again.";
const ALREADY_ANSWERED = "This file is already another registration's answer; choose the file again.";

/** True when some attendee of the event already gave this file as an answer. */
export async function fileAlreadyAnswered(db: DbOrTx, orgId: string, eventId: string, fileId: string): Promise<boolean> {
  const hit = await db
    .selectFrom("attendees")
    .select("id")
    .where("org_id", "=", orgId)
    .where("event_id", "=", eventId)
    .where(sql<boolean>`answers @> ${JSON.stringify([{ kind: FILE_KIND, value: fileId }])}::jsonb`)
    .limit(1)
    .executeTakeFirst();
  return Boolean(hit);
}

function refusal(file: FileRow | undefined, question: EventQuestionRow, event: { id: string }): string | null {
  if (!file || file.purpose !== "answer" || file.event_id !== event.id || file.status !== "stored") return NOT_FOUND;
  const limits = questionFileLimits(question);
  if (!limits.types.includes(file.content_type as never) || Number(file.size_bytes) > limits.maxBytes) {
    return "This file is not one this question takes; choose another.";
  }
  return null;
}

/**
 * Checks each file answer against the files table and names it with the file's
 * name; answers of other kinds pass through untouched.
 */
export async function checkFileAnswers(
  db: DbOrTx,
  event: { id: string; org_id: string },
  questions: readonly EventQuestionRow[],
  answers: readonly PendingAnswer[],
  field: (questionId: string) => string,
): Promise<{ answers: PendingAnswer[]; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const checked = await Promise.all(
    answers.map(async (a) => {
      if (a.kind !== FILE_KIND || typeof a.value !== "string") return a;
      const question = questions.find((q) => q.id === a.questionId)!;
      const file = await findFile(db, event.org_id, a.value);
      const refused = refusal(file, question, event) ?? ((await fileAlreadyAnswered(db, event.org_id, event.id, a.value)) ? ALREADY_ANSWERED : null);
      if (refused) errors[field(a.questionId)] = [refused];
      return { ...a, filename: file?.filename };
    }),
  );
  return { answers: checked, errors };
}

/**
 * Checked again inside the registration's transaction, after the event row is
 * locked: two registrations sent at once with the same file id queue on that
 * lock, and the second sees the first's attendee.
 */
export async function assertFileAnswersFree(tx: DbOrTx, event: { id: string; org_id: string }, answers: readonly PendingAnswer[], field: (questionId: string) => string): Promise<void> {
  const errors: FieldErrors = {};
  for (const a of answers) {
    if (a.kind !== FILE_KIND || typeof a.value !== "string") continue;
    if (await fileAlreadyAnswered(tx, event.org_id, event.id, a.value)) errors[field(a.questionId)] = [ALREADY_ANSWERED];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}
