// Sessions are JWTs in a cookie: the server cannot delete one. What it can do is
// refuse a session begun before the person's password last changed, which is
// how a password reset signs them out everywhere else. The session carries when
// it began (signedInAt, set at sign-in); each read compares it with
// users.password_changed_at, one indexed lookup by primary key.
import type { Db } from "@/lib/db/client";

/** False for a session of a person who no longer exists, or that began before their password changed. */
export async function sessionStillValid(db: Db, userId: string, signedInAt: number | undefined): Promise<boolean> {
  const user = await db.selectFrom("users").select("password_changed_at").where("id", "=", userId).executeTakeFirst();
  if (!user) return false;
  if (!user.password_changed_at) return true;
  // A session from before sessions carried their start is as old as can be.
  return typeof signedInAt === "number" && signedInAt >= user.password_changed_at.getTime();
}
