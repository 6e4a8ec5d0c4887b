import { ConflictError } from "@/lib/domain/errors";
import type { SendGridContext } from "./manifest";

/** The organization's sender address; sending without one is refused with what to do. */
export function sender(ctx: SendGridContext) {
  if (!ctx.settings.fromEmail) {
    throw new ConflictError("Set the sender address in the SendGrid settings before sending e-mail.");
  }
  return { email: ctx.settings.fromEmail, name: ctx.settings.fromName || undefined };
}
