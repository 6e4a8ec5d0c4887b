// Action: check an attendee in (by attendee id, or event id + e-mail).
import { checkInAttendee } from "@/lib/zapier/actions";
import { zapierAction } from "@/lib/zapier/route";

export const POST = zapierAction(async (db, api, input) => ({ status: 200, body: await checkInAttendee(db, api, input) }));
