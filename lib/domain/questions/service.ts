// What an organizer does with an event's registration questions: add, edit,
// move, delete. Answers already given are snapshots on the attendees, so none of
// this changes or loses them.
import { sql } from "kysely";
import type { Db, DbOrTx } from "@/lib/db/client";
import type { EventQuestionRow } from "@/lib/db/schema";
import { NotFoundError, parseOrThrow, ValidationError } from "../errors";
import { questionInput } from "./input";
import type { QuestionKindManifest } from "./kinds";

export const QUESTIONS_PER_EVENT_MAX = 50;

export async function listQuestions(db: DbOrTx, eventId: string): Promise<EventQuestionRow[]> {
  return db.selectFrom("event_questions").selectAll().where("event_id", "=", eventId).orderBy("position").orderBy("created_at").execute();
}

/** Locked inside a transaction, so two changes to one event's list at once queue (distinct positions). */
async function ownEvent(db: DbOrTx, orgId: string, eventId: string, lock = false) {
  const q = db.selectFrom("events").select(["id", "org_id"]).where("id", "=", eventId).where("org_id", "=", orgId);
  const event = await (lock ? q.forUpdate() : q).executeTakeFirst();
  if (!event) throw new NotFoundError("Event");
  return event;
}

async function parseQuestion(db: DbOrTx, eventId: string, input: unknown, extra: readonly QuestionKindManifest[]) {
  const v = parseOrThrow(questionInput(extra), input);
  if (v.ticketTypeId) {
    const type = await db.selectFrom("ticket_types").select("id").where("id", "=", v.ticketTypeId).where("event_id", "=", eventId).executeTakeFirst();
    if (!type) throw new ValidationError({ ticketTypeId: ["This ticket type is not offered for this event; choose another"] });
  }
  return v;
}

export async function addQuestion(db: Db, orgId: string, eventId: string, input: unknown, extra: readonly QuestionKindManifest[]): Promise<EventQuestionRow> {
  return db.transaction().execute(async (tx) => {
    await ownEvent(tx, orgId, eventId, true);
    const v = await parseQuestion(tx, eventId, input, extra);
    const { n, last } = await tx
      .selectFrom("event_questions")
      .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.max("position").as("last")])
      .where("event_id", "=", eventId)
      .executeTakeFirstOrThrow();
    if (Number(n) >= QUESTIONS_PER_EVENT_MAX) throw new ValidationError({ label: [`An event can ask at most ${QUESTIONS_PER_EVENT_MAX} questions`] });
    return tx
      .insertInto("event_questions")
      .values({ org_id: orgId, event_id: eventId, position: (last ?? -1) + 1, label: v.label, help: v.help, kind: v.kind, required: v.required, choices: v.choices, ticket_type_id: v.ticketTypeId, file_accept: v.fileAccept, file_max_bytes: v.fileMaxBytes })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function updateQuestion(db: Db, orgId: string, eventId: string, questionId: string, input: unknown, extra: readonly QuestionKindManifest[]): Promise<EventQuestionRow> {
  await ownEvent(db, orgId, eventId);
  const v = await parseQuestion(db, eventId, input, extra);
  const row = await db
    .updateTable("event_questions")
    .set({ label: v.label, help: v.help, kind: v.kind, required: v.required, choices: v.choices, ticket_type_id: v.ticketTypeId, file_accept: v.fileAccept, file_max_bytes: v.fileMaxBytes, updated_at: new Date() })
    .where("id", "=", questionId)
    .where("event_id", "=", eventId)
    .where("org_id", "=", orgId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError("Question");
  return row;
}

export async function deleteQuestion(db: Db, orgId: string, eventId: string, questionId: string): Promise<void> {
  const res = await db.deleteFrom("event_questions").where("id", "=", questionId).where("event_id", "=", eventId).where("org_id", "=", orgId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new NotFoundError("Question");
}

/** Swaps the question with its neighbour above (-1) or below (+1); at either end nothing moves. */
export async function moveQuestion(db: Db, orgId: string, eventId: string, questionId: string, direction: -1 | 1): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await ownEvent(tx, orgId, eventId, true);
    const list = await listQuestions(tx, eventId);
    const i = list.findIndex((q) => q.id === questionId && q.org_id === orgId);
    if (i < 0) throw new NotFoundError("Question");
    const j = i + direction;
    if (j < 0 || j >= list.length) return;
    const order = list.map((q) => q.id);
    [order[i], order[j]] = [order[j]!, order[i]!];
    // Positions are rewritten 0..n-1, which also mends gaps left by deletions.
    await sql`update event_questions q set position = o.pos - 1, updated_at = now()
      from unnest(${order}::uuid[]) with ordinality as o(id, pos)
      where q.id = o.id and q.event_id = ${eventId}::uuid`.execute(tx);
  });
}
