/** The form field the Turnstile widget fills with its one-time token (read by the server, sent by the forms). */
export const TOKEN_FIELD = "cf-turnstile-response";
