// What the settings page shows: each plan with its members by state, and the latest memberships.
import type { Db } from "@/lib/db/client";
import type { PlanMembershipStatus } from "@/lib/db/schema";
import { listPlans } from "./plans";

export async function plansOverview(db: Db, orgId: string) {
  const [plans, counts, latest, org] = await Promise.all([
    listPlans(db, orgId),
    db.selectFrom("plan_memberships").select(["plan_id", "status", db.fn.countAll<string>().as("n")]).where("org_id", "=", orgId).groupBy(["plan_id", "status"]).execute(),
    db
      .selectFrom("plan_memberships")
      .innerJoin("membership_plans", "membership_plans.id", "plan_memberships.plan_id")
      .select(["plan_memberships.id", "plan_memberships.name", "plan_memberships.email", "plan_memberships.status", "plan_memberships.current_period_end", "plan_memberships.cancel_at_period_end", "membership_plans.name as plan_name"])
      .where("plan_memberships.org_id", "=", orgId)
      .where("plan_memberships.status", "!=", "pending")
      .orderBy("plan_memberships.updated_at", "desc")
      .limit(50)
      .execute(),
    db.selectFrom("organizations").select("slug").where("id", "=", orgId).executeTakeFirstOrThrow(),
  ]);
  const byPlan = (planId: string) =>
    Object.fromEntries(counts.filter((c) => c.plan_id === planId).map((c) => [c.status, Number(c.n)])) as Partial<Record<PlanMembershipStatus, number>>;
  return { orgSlug: org.slug, plans: plans.map((p) => ({ ...p, members: byPlan(p.id) })), latest };
}
