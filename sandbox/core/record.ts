import type { Ctx } from "./context";
import type { ValidationOutcome } from "./validation-outcome";

/** Notes on the request's log entry which operation it was and what validation found. */
export function record(ctx: Ctx, operation: string | null, validation?: ValidationOutcome): void {
  if (!ctx.entry) return;
  ctx.entry.operation = operation;
  if (validation) ctx.entry.validation = validation;
}
