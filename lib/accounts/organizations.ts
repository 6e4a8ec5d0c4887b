// A new organization with its first owner, in one transaction: sign-up and
// `npm run org:create` both end here, so neither can leave an organization
// without an owner or an owner without an organization.
import { randomBytes } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { createUser, type NewUser } from "./create-user";

function slugBase(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/, "");
  return base || "org";
}

/** The organization's slug (its public page's address): its name, with a short suffix only when that is taken. */
async function insertOrganization(tx: Tx, name: string): Promise<{ id: string; slug: string }> {
  const base = slugBase(name);
  for (const slug of [base, `${base}-${randomBytes(3).toString("hex")}`, `${base}-${randomBytes(6).toString("hex")}`]) {
    const row = await tx.insertInto("organizations").values({ name, slug }).onConflict((oc) => oc.column("slug").doNothing()).returning(["id", "slug"]).executeTakeFirst();
    if (row) return row;
  }
  throw new Error("Could not find a free address for the organization; try again.");
}

export interface NewOrganization {
  orgId: string;
  slug: string;
  userId: string;
}

/** Throws EmailTakenError (from createUser) when the owner's address already has an account; the caller's transaction then rolls back. */
export async function createOrganizationWithOwner(tx: Tx, orgName: string, owner: NewUser): Promise<NewOrganization> {
  const org = await insertOrganization(tx, orgName.trim());
  const userId = await createUser(tx, owner);
  await tx.insertInto("memberships").values({ org_id: org.id, user_id: userId, role: "owner" }).execute();
  await tx
    .insertInto("activity_log")
    .values({ org_id: org.id, domain_event_id: null, type: "organization.created", summary: `Organization "${orgName.trim()}" created with ${owner.email.trim().toLowerCase()} as its owner.`.slice(0, 2000) })
    .execute();
  return { orgId: org.id, slug: org.slug, userId };
}
