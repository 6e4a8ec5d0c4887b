// Action: register someone for free tickets.
import { createRegistration } from "@/lib/zapier/actions";
import { zapierAction } from "@/lib/zapier/route";

export const POST = zapierAction(async (db, api, input) => ({ status: 201, body: await createRegistration(db, api, input) }));
