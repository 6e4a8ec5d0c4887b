// One vocabulary for memberships across lib, pages and README: a *plan* is what an
// organization sells; a *membership* (table plan_memberships) is one person's
// subscription to a plan. The `memberships` table is something else: people's
// roles in an organization.
import type { PlanMembershipStatus } from "@/lib/db/schema";

export const MEMBERSHIP_STATUS_LABEL: Record<PlanMembershipStatus, string> = {
  pending: "Waiting for payment",
  incomplete: "First payment not completed",
  active: "Active",
  past_due: "Payment failed: please update your card",
  cancelled: "Cancelled",
};

/** What a member gets, in words: "20% off Standard, VIP" or "Free Standard tickets". */
export function grantText(plan: { discount_percent: number; ticket_type_names: string[] }): string {
  const which = plan.ticket_type_names.length ? plan.ticket_type_names.join(", ") : "every ticket type";
  return plan.discount_percent >= 100 ? `Free tickets: ${which}` : `${plan.discount_percent}% off ${which}`;
}
