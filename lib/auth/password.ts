import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

// bcryptjs is pure JavaScript: no native addon to rebuild between Node versions.
const COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Sign-in compares against this when the e-mail is unknown or has no password, so
// every attempt costs one full bcrypt compare and timing does not reveal which
// e-mails have accounts. It must be a real hash of the same cost: bcrypt gives up
// at once on a malformed one. Made once per process, from a password nobody knows.
let dummy: Promise<string> | undefined;

export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString("base64url"));
  return dummy;
}
