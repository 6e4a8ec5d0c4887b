// Action: create or update a contact (an attendee's details at one event).
import { upsertContact } from "@/lib/zapier/actions";
import { zapierAction } from "@/lib/zapier/route";

export const POST = zapierAction(async (db, api, input) => {
  const contact = await upsertContact(db, api, input);
  return { status: contact.action === "created" ? 201 : 200, body: contact };
});
