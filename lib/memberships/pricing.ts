// What a member pays: the best discount among the person's active memberships
// whose plan names the ticket type (or every type). Checked when the order is
// made, never trusted from the page.
import type { DbOrTx } from "@/lib/db/client";
import type { TicketTypeRow } from "@/lib/db/schema";
import { normalizeEmail } from "@/lib/email/suppressions";
import type { MemberProof } from "./member-cookie";

export interface MemberGrant {
  planName: string;
  discountPercent: number;
  ticketTypeNames: string[];
}

/** The grants of the active memberships a proof covers in an organization (an e-mail's every one, or one membership), re-read now. */
export async function activeGrants(db: DbOrTx, orgId: string, proof: MemberProof): Promise<MemberGrant[]> {
  let q = db
    .selectFrom("plan_memberships")
    .innerJoin("membership_plans", "membership_plans.id", "plan_memberships.plan_id")
    .select(["membership_plans.name", "membership_plans.discount_percent", "membership_plans.ticket_type_names"])
    .where("plan_memberships.org_id", "=", orgId)
    .where("plan_memberships.status", "=", "active");
  q = "email" in proof ? q.where("plan_memberships.email", "=", normalizeEmail(proof.email)) : q.where("plan_memberships.id", "=", proof.membershipId);
  const rows = await q.execute();
  return rows.map((r) => ({ planName: r.name, discountPercent: r.discount_percent, ticketTypeNames: r.ticket_type_names }));
}

function applies(grant: MemberGrant, typeName: string): boolean {
  return grant.ticketTypeNames.length === 0 || grant.ticketTypeNames.some((n) => n.trim().toLowerCase() === typeName.trim().toLowerCase());
}

/** The type's price after the best grant that names it, rounded to the buyer's favour; the type's price without one. */
export function memberUnitPrice(grants: MemberGrant[], type: Pick<TicketTypeRow, "name" | "price_minor">): number {
  const best = Math.max(0, ...grants.filter((g) => applies(g, type.name)).map((g) => g.discountPercent));
  return Math.floor((type.price_minor * (100 - Math.min(100, best))) / 100);
}

/** A price function for an order, or undefined when the person has no active membership. */
export function unitPriceFor(grants: MemberGrant[]): ((t: TicketTypeRow) => number) | undefined {
  return grants.length ? (t) => memberUnitPrice(grants, t) : undefined;
}
