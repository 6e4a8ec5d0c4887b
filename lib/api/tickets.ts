// /api/v1 tickets: validating a code at the door (and checking its holder in).
import type { Db } from "@/lib/db/client";
import { validateAtDoor } from "@/lib/tickets/door";
import type { ApiContext } from "./route";
import { parseOr422 } from "./route";
import { ValidateTicketBody, type TicketValidationSchema } from "./schemas";
import type { z } from "zod";

export async function validateTicketByApi(db: Db, api: ApiContext, body: unknown): Promise<z.output<typeof TicketValidationSchema>> {
  const req = parseOr422(ValidateTicketBody, body);
  return validateAtDoor(db, api.orgId, `api-key:${api.apiKeyId}`, req);
}
