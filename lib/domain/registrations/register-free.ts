// Registration for free tickets, straight from the public page. The event row is
// locked for the whole check-and-insert so concurrent registrations queue and
// the last place cannot be given out twice.
import type { Db, Tx } from "@/lib/db/client";
import type { OrderRow, AttendeeRow, EventRow, PendingAnswer, TicketTypeRow } from "@/lib/db/schema";
import { ConflictError, ValidationError } from "../errors";
import { AttemptEndedError, CHECKOUT_ENDED } from "../orders/attempt";
import { lockEventOpenForSale, placesLeftMessage } from "../events/open-for-sale";
import { recordDomainEvent } from "../outbox/record";
import { eventSnapshot } from "../events/snapshot";
import { registrationInput } from "./input";
import { planReminders } from "../reminders/schedule";
import { insertOrderWithAttendees, type NewOrder } from "../orders/insert";
import { chosenTypes, type UnitPrice } from "../orders/pending";
import { checkoutInput } from "../orders/input";
import { assertPlacesLeft } from "../orders/places";
import { soldCount } from "../events/service";
import { attendeeSnapshotWithAnswers, orderSnapshot } from "./snapshot";
import { answerField, NO_CONNECTOR_KINDS, prepareAnswers, rawAnswers, type QuestionEnv } from "../questions/answers";
import { findEventBySlug, parseWithAnswers } from "../questions/registration";
import { assertFileAnswersFree } from "../questions/file-answers";

export interface Registration {
  order: OrderRow;
  attendees: AttendeeRow[];
}

const LIST_PRICE: UnitPrice = (t) => t.price_minor;

/** One type asked for: the places left are the fewer of the event's and the type's, said as places. */
async function assertOneTypeLeft(tx: Tx, event: EventRow, w: { type: TicketTypeRow; quantity: number }): Promise<void> {
  const [eventTaken, typeTaken] = await Promise.all([soldCount(tx, event.id), soldCount(tx, event.id, w.type.id)]);
  const left = Math.min(event.capacity - eventTaken, w.type.quantity - typeTaken);
  if (left < w.quantity) throw new ConflictError(placesLeftMessage(left));
}

/**
 * The part every free registration shares, inside the caller's transaction that
 * locked the event: each line must cost this buyer nothing, the places must be
 * free, and the order is settled at once (nothing is owed).
 */
async function settleFree(
  tx: Tx,
  event: EventRow,
  o: { buyer: NewOrder["buyer"]; lines: Array<{ ticketTypeId: string; quantity: number }>; answers: PendingAnswer[]; unitPrice: UnitPrice; attempt?: string; field: (i: number) => string },
): Promise<Registration> {
  await assertFileAnswersFree(tx, event, o.answers, answerField);
  const types = await tx.selectFrom("ticket_types").selectAll().where("event_id", "=", event.id).execute();
  const wanted = o.lines.map((l, i) => {
    const type = types.find((t) => t.id === l.ticketTypeId);
    if (!type) throw new ValidationError({ [o.field(i)]: ["This ticket type is not offered for this event"] });
    if (o.unitPrice(type) > 0) throw new ConflictError("This ticket has a price; paid tickets are bought through checkout.");
    return { type, quantity: l.quantity };
  });
  if (wanted.length === 1) await assertOneTypeLeft(tx, event, wanted[0]!);
  else await assertPlacesLeft(tx, event, wanted);
  const { order, attendees } = await insertOrderWithAttendees(tx, {
    event,
    buyer: o.buyer,
    status: "paid",
    totalMinor: 0,
    currency: wanted[0]!.type.currency,
    lines: wanted.map((w) => ({ ticketTypeId: w.type.id, quantity: w.quantity, unitMinor: 0 })),
    answers: o.answers,
    extra: o.attempt ? { client_reference: o.attempt } : undefined,
  });
  await planReminders(tx, { attendeeIds: attendees.map((a) => a.id) });
  const name = (id: string) => types.find((t) => t.id === id)?.name ?? "Ticket";
  await recordDomainEvent(tx, {
    orgId: event.org_id,
    type: "registration.created",
    aggregateId: order.id,
    payload: { event: eventSnapshot(event), order: orderSnapshot(order), attendees: attendees.map((a) => attendeeSnapshotWithAnswers(a, name(a.ticket_type_id))) },
  });
  return { order, attendees };
}

/** `questions`: the connector kinds and their check (lib/integrations/question-kinds.ts); without it only built-in kinds are known. */
/** `unitPrice`: what the ticket costs this person; a member whose plan makes a paid type free registers here too. */
export async function registerFree(db: Db, slug: string, input: unknown, questions: QuestionEnv = NO_CONNECTOR_KINDS, unitPrice: UnitPrice = LIST_PRICE): Promise<Registration> {
  const parsed = registrationInput.safeParse(input);
  const event = await findEventBySlug(db, slug);
  const typeId = parsed.success ? parsed.data.ticketTypeId : (input as { ticketTypeId?: unknown } | null)?.ticketTypeId;
  const prepared = event && typeof typeId === "string" ? await prepareAnswers(db, event, [typeId], rawAnswers(input), questions) : { answers: [], errors: {} };
  const v = parseWithAnswers(parsed, prepared.errors);
  return db.transaction().execute(async (tx) => {
    const event = await lockEventOpenForSale(tx, slug);
    return settleFree(tx, event, { buyer: v, lines: [{ ticketTypeId: v.ticketTypeId, quantity: v.quantity }], answers: prepared.answers, unitPrice, field: () => "ticketTypeId" });
  });
}

/**
 * An order of the public page whose every ticket is free for this buyer (one or
 * several types): registered at once, as one order. The page's attempt id makes a
 * repeated submit find the order the first one made instead of registering twice;
 * an attempt whose paid checkout did not go through is over (AttemptEndedError).
 */
export async function registerFreeOrder(db: Db, slug: string, input: unknown, questions: QuestionEnv = NO_CONNECTOR_KINDS, unitPrice: UnitPrice = LIST_PRICE): Promise<Registration & { existing: boolean }> {
  const parsed = checkoutInput.safeParse(input);
  const found = await findEventBySlug(db, slug);
  const prepared = found ? await prepareAnswers(db, found, chosenTypes(input), rawAnswers(input), questions) : { answers: [], errors: {} };
  const v = parseWithAnswers(parsed, prepared.errors);
  return db.transaction().execute(async (tx) => {
    const event = await lockEventOpenForSale(tx, slug);
    const prior = await tx.selectFrom("orders").selectAll().where("event_id", "=", event.id).where("client_reference", "=", v.attempt).executeTakeFirst();
    if (prior) {
      // Only a registration this attempt made is found again. Its paid checkout that
      // failed or ended (cancelled), or one still pending, registered nothing.
      if (prior.status !== "paid") throw new AttemptEndedError(CHECKOUT_ENDED);
      const attendees = await tx.selectFrom("attendees").selectAll().where("order_id", "=", prior.id).execute();
      return { order: prior, attendees, existing: true };
    }
    const registered = await settleFree(tx, event, { buyer: v, lines: v.items, answers: prepared.answers, unitPrice, attempt: v.attempt, field: (i) => `items.${i}.ticketTypeId` });
    return { ...registered, existing: false };
  });
}
