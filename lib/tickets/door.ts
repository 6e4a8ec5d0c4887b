// What both validate routes (the check-in page's and /api/v1's) answer: the
// ticket's outcome and, for an event being checked in, its running count.
import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { checkInCounts } from "./lookup";
import { validateTicketLimited, type TicketValidation } from "./validate";

export interface DoorRequest {
  code: string;
  eventId?: string;
  checkIn: boolean;
}

export type DoorAnswer = TicketValidation & { counts: { checkedIn: number; total: number } | null };

/** `asker` names who is scanning (a member, an API key), for the limit on codes that match nothing. */
export async function validateAtDoor(db: Db, orgId: string, asker: string, req: DoorRequest): Promise<DoorAnswer> {
  if (req.eventId) {
    const event = await db.selectFrom("events").select("id").where("id", "=", req.eventId).where("org_id", "=", orgId).executeTakeFirst();
    if (!event) throw new NotFoundError("Event");
  }
  const result = await validateTicketLimited(db, orgId, asker, req.code, { eventId: req.eventId, checkIn: req.checkIn });
  return { ...result, counts: req.eventId ? await checkInCounts(db, orgId, req.eventId) : null };
}
