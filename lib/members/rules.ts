// Who may change whom. Owners run the organization: only they make, change or
// remove an owner. Admins manage everyone else. Members change nobody. The last
// owner is a separate rule (./lock.ts counts owners under the organization's lock).
import { ForbiddenError } from "@/lib/auth/errors";
import type { Role } from "@/lib/db/schema";

export const ROLES: readonly Role[] = ["owner", "admin", "member"];

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member" };

/**
 * Throws when `actor` may not take a person from role `from` (null: not yet a
 * member, an invitation) to `to` (null: out of the organization).
 */
export function assertMayChange(actor: Role | null, from: Role | null, to: Role | null): void {
  if (actor !== "owner" && actor !== "admin") throw new ForbiddenError("Only owners and admins of this organization can manage its members.");
  if (actor !== "owner" && (from === "owner" || to === "owner")) {
    throw new ForbiddenError("Only an owner can invite, change or remove an owner.");
  }
}

/** assertMayChange as a yes or no: whether `actor` may take a person from `from` to `to`. */
export function mayChange(actor: Role | null, from: Role | null, to: Role | null): boolean {
  try {
    assertMayChange(actor, from, to);
    return true;
  } catch {
    return false;
  }
}

/** The roles this actor may hand out, for the forms. */
export function assignableRoles(actor: Role): Role[] {
  if (actor === "owner") return [...ROLES];
  if (actor === "admin") return ["admin", "member"];
  return [];
}
