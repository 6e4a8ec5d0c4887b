// The server's own check of who is asking and what they may do. Pages and routes
// call these; middleware.ts only turns away requests without a session.
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { httpsDeployment } from "@/lib/headers/security";
import { chooseMembership, ORG_COOKIE, orgCookieOptions } from "./current-org";
import { ForbiddenError } from "./errors";
import { authOptions } from "./options";
import { membershipsOf, type Membership } from "./users";

export interface Member extends Membership {
  userId: string;
  email: string;
  name: string | null;
  /** Every organization the person belongs to, for the switcher; the one acted in is among them. */
  memberships: Membership[];
}

export interface SignedInUser {
  userId: string;
  email: string;
  name: string | null;
}

export const ADMIN_ROLES: readonly Role[] = ["owner", "admin"];

/** The session's person, as next-auth hands it over (its id among the user fields), or null without one. */
async function sessionPerson() {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id;
  return userId ? { userId, email: session!.user!.email ?? "", name: session!.user!.name ?? null } : null;
}

/** The account behind the session, member of an organization or not (someone opening an invitation). */
export async function signedInUser(): Promise<SignedInUser | null> {
  const userId = (await sessionPerson())?.userId;
  if (!userId) return null;
  // The e-mail as it is now, not as it was when the session began.
  const user = await db().selectFrom("users").select(["email", "name"]).where("id", "=", userId).executeTakeFirst();
  return user ? { userId, email: user.email, name: user.name } : null;
}

export async function currentMember(): Promise<Member | null> {
  const person = await sessionPerson();
  if (!person) return null;
  // Read on every request: a membership removed a moment ago no longer counts.
  const memberships = await membershipsOf(db(), person.userId);
  const chosen = chooseMembership(memberships, (await cookies()).get(ORG_COOKIE)?.value);
  if (!chosen) return null;
  return { ...chosen, ...person, memberships };
}

/**
 * Remembers which organization this browser acts in, for a server action or route.
 * Refused unless the person is a member there now.
 */
export async function chooseOrganization(orgId: string): Promise<Membership> {
  const member = await requireMember();
  const target = member.memberships.find((m) => m.orgId === orgId);
  if (!target) throw new ForbiddenError("You are not a member of that organization.");
  (await cookies()).set(ORG_COOKIE, target.orgId, orgCookieOptions(httpsDeployment()));
  return target;
}

/** After joining an organization: act in it from the next request on. The membership is checked then, as always. */
export async function preferOrganization(orgId: string): Promise<void> {
  (await cookies()).set(ORG_COOKIE, orgId, orgCookieOptions(httpsDeployment()));
}

/** For pages: sends a visitor without a session to sign in. */
export async function requireMember(): Promise<Member> {
  const member = await currentMember();
  if (!member) redirect("/login");
  return member;
}

export function isAdmin(member: Member): boolean {
  return ADMIN_ROLES.includes(member.role);
}

/** For pages: a member who is not an owner or admin gets the 403 page. */
export async function requireAdmin(): Promise<Member> {
  const member = await requireMember();
  if (!isAdmin(member)) forbidden();
  return member;
}

/** For server actions and routes: the refusal becomes a message or a 403 body. */
export async function assertAdmin(): Promise<Member> {
  const member = await requireMember();
  if (!isAdmin(member)) throw new ForbiddenError();
  return member;
}


export { ForbiddenError };
