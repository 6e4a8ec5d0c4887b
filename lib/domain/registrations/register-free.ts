// Registration for free tickets, straight from the public page. The event row is
// locked for the whole check-and-insert so concurrent registrations queue and
// the last place cannot be given out twice.
import type { Db } from "@/lib/db/client";
import type { OrderRow, AttendeeRow } from "@/lib/db/schema";
import { ConflictError, ValidationError } from "../errors";
import { lockEventOpenForSale, placesLeftMessage } from "../events/open-for-sale";
import { recordDomainEvent } from "../outbox/record";
import { eventSnapshot } from "../events/snapshot";
import { soldCount } from "../events/service";
import { registrationInput } from "./input";
import { planReminders } from "../reminders/schedule";
import { insertOrderWithAttendees } from "../orders/insert";
import type { UnitPrice } from "../orders/pending";
import { attendeeSnapshotWithAnswers, orderSnapshot } from "./snapshot";
import { answerField, NO_CONNECTOR_KINDS, prepareAnswers, rawAnswers, type QuestionEnv } from "../questions/answers";
import { findEventBySlug, parseWithAnswers } from "../questions/registration";
import { assertFileAnswersFree } from "../questions/file-answers";

export interface Registration {
  order: OrderRow;
  attendees: AttendeeRow[];
}

/** `questions`: the connector kinds and their check (lib/integrations/question-kinds.ts); without it only built-in kinds are known. */
/** `unitPrice`: what the ticket costs this person; a member whose plan makes a paid type free registers here too. */
export async function registerFree(db: Db, slug: string, input: unknown, questions: QuestionEnv = NO_CONNECTOR_KINDS, unitPrice: UnitPrice = (t) => t.price_minor): Promise<Registration> {
  const parsed = registrationInput.safeParse(input);
  const event = await findEventBySlug(db, slug);
  const typeId = parsed.success ? parsed.data.ticketTypeId : (input as { ticketTypeId?: unknown } | null)?.ticketTypeId;
  const prepared = event && typeof typeId === "string" ? await prepareAnswers(db, event, [typeId], rawAnswers(input), questions) : { answers: [], errors: {} };
  const v = parseWithAnswers(parsed, prepared.errors);
  return db.transaction().execute(async (tx) => {
    const event = await lockEventOpenForSale(tx, slug);
    await assertFileAnswersFree(tx, event, prepared.answers, answerField);
    const ticketType = await tx
      .selectFrom("ticket_types")
      .selectAll()
      .where("id", "=", v.ticketTypeId)
      .where("event_id", "=", event.id)
      .executeTakeFirst();
    if (!ticketType) throw new ValidationError({ ticketTypeId: ["This ticket type is not offered for this event"] });
    if (unitPrice(ticketType) > 0) {
      throw new ConflictError("This ticket has a price; paid tickets are bought through checkout.");
    }
    const [eventTaken, typeTaken] = await Promise.all([
      soldCount(tx, event.id),
      soldCount(tx, event.id, ticketType.id),
    ]);
    const left = Math.min(event.capacity - eventTaken, ticketType.quantity - typeTaken);
    if (left < v.quantity) {
      throw new ConflictError(placesLeftMessage(left));
    }
    // Nothing is owed on a free ticket, so the order is settled at once.
    const { order, attendees } = await insertOrderWithAttendees(tx, {
      event,
      buyer: v,
      status: "paid",
      totalMinor: 0,
      currency: ticketType.currency,
      lines: [{ ticketTypeId: ticketType.id, quantity: v.quantity, unitMinor: 0 }],
      answers: prepared.answers,
    });
    await planReminders(tx, { attendeeIds: attendees.map((a) => a.id) });
    await recordDomainEvent(tx, {
      orgId: event.org_id,
      type: "registration.created",
      aggregateId: order.id,
      payload: {
        event: eventSnapshot(event),
        order: orderSnapshot(order),
        attendees: attendees.map((a) => attendeeSnapshotWithAnswers(a, ticketType.name)),
      },
    });
    return { order, attendees };
  });
}
