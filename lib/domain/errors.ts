// Errors the domain raises for a person to read. Routes and forms turn them into
// 400/404/409 answers and field messages; nothing else should be shown.
import { z } from "zod";

export type FieldErrors = Record<string, string[]>;

export class ValidationError extends Error {
  readonly fieldErrors: FieldErrors;
  constructor(fieldErrors: FieldErrors, message = "Some fields need attention") {
    super(message);
    this.name = "ValidationError";
    this.fieldErrors = fieldErrors;
  }
  static fromZod(error: z.ZodError): ValidationError {
    const fieldErrors: FieldErrors = {};
    for (const issue of error.issues) {
      const key = issue.path.length ? issue.path.join(".") : "_form";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return new ValidationError(fieldErrors);
  }
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} was not found`);
    this.name = "NotFoundError";
  }
}

/** Someone else changed the row since it was read, or the state forbids the change. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** The row changed since the version the caller read; a person's form and an API client each say so in their own words. */
export class StaleVersionError extends ConflictError {
  constructor(message: string) {
    super(message);
    this.name = "StaleVersionError";
  }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}
