// The server's own check of who is asking and what they may do. Pages and routes
// call these; middleware.ts only turns away requests without a session.
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { ForbiddenError } from "./errors";
import { authOptions } from "./options";
import { membershipsOf, type Membership } from "./users";

export interface Member extends Membership {
  userId: string;
  email: string;
  name: string | null;
}

export const ADMIN_ROLES: readonly Role[] = ["owner", "admin"];

export async function currentMember(): Promise<Member | null> {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  const [first] = await membershipsOf(db(), userId);
  if (!first) return null;
  return { ...first, userId, email: session!.user!.email ?? "", name: session!.user!.name ?? null };
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
