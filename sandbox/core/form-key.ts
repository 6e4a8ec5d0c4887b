// A key the inbox page puts in its own forms so a person's browser can make a change
// that otherwise needs the control token. It is derived from the token (which never
// appears in a page) and readable only by whoever can read the page: a form posted
// from another site, or an outbound webhook aimed at the sandbox, cannot know it.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Runtime } from "./context";

export function formKey(rt: Runtime, purpose: string): string {
  return createHmac("sha256", rt.controlToken).update(`inbox-form:${purpose}`).digest("base64url");
}

export function formKeyMatches(rt: Runtime, purpose: string, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(formKey(rt, purpose));
  return a.length === b.length && timingSafeEqual(a, b);
}
