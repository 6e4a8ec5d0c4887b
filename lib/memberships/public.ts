// What the public membership pages read: an organization's offered plans, a
// member's own membership (by the signed link), and the return from checkout.
import type { Db } from "@/lib/db/client";
import type { PlanMembershipRow } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/domain/errors";
import type { Keyring } from "@/lib/vault";
import { membershipFromPageToken } from "./links";

export async function orgBySlug(db: Db, slug: string) {
  const org = await db.selectFrom("organizations").select(["id", "slug", "name"]).where("slug", "=", slug).executeTakeFirst();
  if (!org) throw new NotFoundError("Organization");
  return org;
}

/** Plans a person can subscribe to now: not archived, and priced at the payment provider. */
export async function offeredPlans(db: Db, orgId: string) {
  return db
    .selectFrom("membership_plans")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("archived_at", "is", null)
    .where("provider_price_id", "is not", null)
    .orderBy("price_minor")
    .execute();
}

/** The membership a member-page link names, in this organization; NotFound for a forged, expired or foreign link. */
export async function membershipByPageToken(db: Db, keyring: Keyring, orgId: string, token: string) {
  const id = membershipFromPageToken(keyring, token);
  const row = id
    ? await db
        .selectFrom("plan_memberships")
        .innerJoin("membership_plans", "membership_plans.id", "plan_memberships.plan_id")
        .selectAll("plan_memberships")
        .select(["membership_plans.name as plan_name", "membership_plans.price_minor", "membership_plans.currency", "membership_plans.interval", "membership_plans.discount_percent", "membership_plans.ticket_type_names"])
        .where("plan_memberships.id", "=", id)
        .where("plan_memberships.org_id", "=", orgId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new NotFoundError("Membership");
  return row;
}

/**
 * Back from the subscription checkout: the checkout id in the return URL is known
 * only to the person who paid, so it proves this browser is theirs. Null when it
 * does not match.
 */
export async function membershipOfCheckoutReturn(db: Db, orgId: string, membershipId: string, checkoutId: string): Promise<PlanMembershipRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(membershipId) || !checkoutId) return null;
  const row = await db.selectFrom("plan_memberships").selectAll().where("id", "=", membershipId).where("org_id", "=", orgId).executeTakeFirst();
  return row && row.checkout_id === checkoutId ? row : null;
}

/** Whether the event page offers "Member? Get your price" at all. */
export async function sellsMemberships(db: Db, orgId: string): Promise<boolean> {
  return Boolean(await db.selectFrom("membership_plans").select("id").where("org_id", "=", orgId).where("archived_at", "is", null).executeTakeFirst());
}
