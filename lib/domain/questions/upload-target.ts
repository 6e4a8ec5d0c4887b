// Before an attendee's file is read at all: the event must be published and
// still open, and the question a file question of that event, asked for one of
// the ticket types the person chose. The answer says which limits the bytes
// must meet and which field an error belongs to.
import type { DbOrTx } from "@/lib/db/client";
import type { EventQuestionRow } from "@/lib/db/schema";
import type { FileLimits } from "@/lib/files/limits";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { answerField } from "./answers";
import { FILE_KIND } from "./file-answers";
import { questionFileLimits } from "./file-limits";

export interface AnswerUpload {
  event: { id: string; org_id: string };
  question: EventQuestionRow;
  limits: FileLimits;
  /** The form field the file answers (`answers.<questionId>`), for errors. */
  field: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function answerUploadFor(db: DbOrTx, slug: string, questionId: string, ticketTypeIds: readonly string[]): Promise<AnswerUpload> {
  const event = await db.selectFrom("events").select(["id", "org_id", "status", "ends_at"]).where("slug", "=", slug).executeTakeFirst();
  if (!event || event.status === "draft") throw new NotFoundError("Event");
  if (event.status === "cancelled") throw new ConflictError("This event was cancelled; registration is closed.");
  if (event.ends_at.getTime() < Date.now()) throw new ConflictError("This event is over; registration is closed.");
  const question = UUID.test(questionId)
    ? await db.selectFrom("event_questions").selectAll().where("id", "=", questionId).where("event_id", "=", event.id).executeTakeFirst()
    : undefined;
  if (!question || question.kind !== FILE_KIND) throw new NotFoundError("File question");
  const field = answerField(question.id);
  if (question.ticket_type_id && !ticketTypeIds.includes(question.ticket_type_id)) {
    throw new ValidationError({ [field]: ["This question is asked for another ticket type; choose that ticket first."] });
  }
  return { event: { id: event.id, org_id: event.org_id }, question, limits: questionFileLimits(question), field };
}
