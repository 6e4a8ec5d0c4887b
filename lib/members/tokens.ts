// Invitation links carry 256 random bits; only their SHA-256 is stored. The token
// is long and random, so a plain hash is enough and a link is found with one
// indexed lookup. The job that mails the invitation makes its token (./invitation-mail.ts).
import { createHash, randomBytes } from "node:crypto";

export const INVITATION_DAYS = 7;

export function newInvitationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashInvitationToken(token) };
}

/** The hash of a token nobody is given: an invitation waiting for its mail's job to make its link. */
export function placeholderInvitationHash(): string {
  return newInvitationToken().hash;
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Anything else in the link's place is not one of ours; no need to ask the database. */
export function isInvitationTokenShape(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function invitationExpiry(from = new Date()): Date {
  return new Date(from.getTime() + INVITATION_DAYS * 86_400_000);
}
