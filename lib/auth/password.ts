import bcrypt from "bcryptjs";

// bcryptjs is pure JavaScript: no native addon to rebuild between Node versions.
const COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
