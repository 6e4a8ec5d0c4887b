// Action: create an event as a draft.
import { appUrl } from "@/lib/config";
import { createEventDraft } from "@/lib/zapier/actions";
import { zapierAction } from "@/lib/zapier/route";

export const POST = zapierAction(async (db, api, input) => ({ status: 201, body: await createEventDraft(db, api, input, appUrl()) }));
