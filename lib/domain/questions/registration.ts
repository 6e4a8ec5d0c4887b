// The glue between a registration's own fields and its answers: one field-error
// list for both, so the person sees every problem of the form at once.
import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { ValidationError, type FieldErrors } from "../errors";

export async function findEventBySlug(db: DbOrTx, slug: string): Promise<{ id: string; org_id: string } | undefined> {
  return db.selectFrom("events").select(["id", "org_id"]).where("slug", "=", slug).executeTakeFirst();
}

/** The parsed registration, or one ValidationError with the form's and the answers' field errors together. */
export function parseWithAnswers<T>(parsed: z.ZodSafeParseResult<T>, answerErrors: FieldErrors): T {
  const fromForm = parsed.success ? {} : ValidationError.fromZod(parsed.error).fieldErrors;
  const errors = { ...fromForm, ...answerErrors };
  if (Object.keys(errors).length > 0 || !parsed.success) throw new ValidationError(errors);
  return parsed.data;
}
