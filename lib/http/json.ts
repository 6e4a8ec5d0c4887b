// Reading a JSON body someone else wrote (a provider's callback): malformed JSON
// and a body of the wrong shape are the same answer to the caller, undefined.
import type { z } from "zod";

export function parseJsonAs<S extends z.ZodType>(schema: S, text: string): z.output<S> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}
