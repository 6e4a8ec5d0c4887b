// What a person gives to become a member: the same name and e-mail rules as a ticket buyer.
import { z } from "zod";
import { buyerFields } from "@/lib/domain/buyer";
import { ValidationError } from "@/lib/domain/errors";

export const subscribeInput = z.object({
  planId: z.uuid("Choose a plan"),
  name: buyerFields.name,
  email: buyerFields.email,
});

export function parseSubscribe(input: unknown): z.output<typeof subscribeInput> {
  const r = subscribeInput.safeParse(input);
  if (!r.success) throw ValidationError.fromZod(r.error);
  return r.data;
}
