// The validation server's messages, put in words an admin can act on: which field
// of what Switchboard sent, and why Google refuses it.
import type { ValidationMessage } from "./client";

const WHY: Record<string, string> = {
  VALUE_INVALID: "its value is not one Google accepts",
  VALUE_REQUIRED: "it is required and was missing",
  NAME_INVALID: "the name is not allowed (letters, digits and _ only, starting with a letter)",
  NAME_RESERVED: "the name is reserved by Google",
  VALUE_OUT_OF_BOUNDS: "the value is too long or out of range",
  EXCEEDED_MAX_ENTITIES: "there are more of them than Google takes in one request",
  NAME_DUPLICATED: "the same name is used twice",
};

/** Fields of the request that are the admin's own credentials, by the form's field name. */
const CREDENTIAL_FIELDS: Record<string, string> = { measurement_id: "measurementId", api_secret: "apiSecret" };

function where(path: string | undefined): string {
  if (!path) return "The request";
  if (path === "measurement_id") return "The measurement id";
  if (path === "api_secret") return "The API secret";
  return `The field ${path}`;
}

export function explainMessage(m: ValidationMessage): string {
  const why = (m.validationCode && WHY[m.validationCode]) ?? "Google refused it";
  return `${where(m.fieldPath)}: ${why}${m.description ? ` (Google says: ${m.description})` : ""}`;
}

export function explainMessages(messages: readonly ValidationMessage[]): string {
  return messages.map(explainMessage).join("; ");
}

/** The credential field the first message that names one is about, for the form to show it there. */
export function credentialFieldOf(messages: readonly ValidationMessage[]): string | undefined {
  for (const m of messages) if (m.fieldPath && CREDENTIAL_FIELDS[m.fieldPath]) return CREDENTIAL_FIELDS[m.fieldPath];
  return undefined;
}
