// SendGrid's error body: {errors:[{message, field, help}]}, field null when no field is at fault.
import type { Ctx } from "../core/context";
import { sendJson } from "../core/respond";

export interface SendGridError {
  message: string;
  field: string | null;
  help?: string | null;
}

const HELP_BASE = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html";

export function helpFor(field: string): string {
  return `${HELP_BASE}#message.${field.split(".")[0]}`;
}

/** The messages SendGrid's spec gives for each status it documents. */
const STATUS_MESSAGES: Record<number, string> = {
  400: "invalid request",
  401: "authorization required",
  403: "access forbidden",
  404: "not found",
  405: "method not allowed",
  413: "content too large",
  429: "too many requests",
  500: "internal server error",
  503: "service unavailable",
};

export function statusMessage(status: number): string {
  return STATUS_MESSAGES[status] ?? (status >= 500 ? "internal server error" : "invalid request");
}

export function sendErrors(ctx: Ctx, status: number, errors: SendGridError[], headers: Record<string, string> = {}): void {
  sendJson(ctx, status, { errors }, headers);
}
