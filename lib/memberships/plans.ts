// Membership plans as the organization keeps them: what a plan costs and what it
// grants. The provider's product and price are made by lib/checkout/plan-billing
// after a save; this file is only the plan's own rules and rows.
import { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import type { MembershipPlanRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { minorUnitDigits } from "@/lib/domain/money";

export const planInput = z.object({
  name: z.string().trim().min(1, "Name the plan").max(80, "Keep the name under 80 characters"),
  interval: z.enum(["month", "year"], { error: "Choose monthly or yearly" }),
  price: z
    .string()
    .trim()
    .regex(/^\d+(\.\d{1,2})?$/, "Enter a price such as 10 or 9.50")
    .refine((v) => Number(v) > 0, "A plan costs more than 0; for free tickets set the discount to 100%")
    .refine((v) => Number(v) <= 100_000, "The price must be at most 100,000"),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as EUR or USD"),
  discountPercent: z.coerce
    .number({ error: "Enter the discount in percent" })
    .int("The discount is a whole number of percent")
    .min(1, "The discount is at least 1%")
    .max(100, "The discount is at most 100% (free tickets)"),
  /** Comma-separated ticket type names; empty for every ticket type. */
  ticketTypeNames: z
    .union([z.string(), z.array(z.string())])
    .default("")
    .transform((v) => [...new Set((Array.isArray(v) ? v : v.split(",")).map((n) => n.trim()).filter(Boolean))])
    .refine((names) => names.length <= 20 && names.every((n) => n.length <= 120), "Name at most 20 ticket types"),
});
export type PlanInput = z.input<typeof planInput>;

function priceMinor(price: string, currency: string): number {
  const digits = minorUnitDigits(currency);
  const [whole, fraction = ""] = price.split(".");
  if (fraction.length > digits) throw new ValidationError({ price: [`${currency} has ${digits} decimal places; enter the price with at most ${digits}.`] });
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || 0);
}

function parse(input: unknown) {
  const r = planInput.safeParse(input);
  if (!r.success) throw ValidationError.fromZod(r.error);
  return { ...r.data, priceMinor: priceMinor(r.data.price, r.data.currency) };
}

export async function listPlans(db: DbOrTx, orgId: string, opts: { withArchived?: boolean } = {}): Promise<MembershipPlanRow[]> {
  let q = db.selectFrom("membership_plans").selectAll().where("org_id", "=", orgId);
  if (!opts.withArchived) q = q.where("archived_at", "is", null);
  return q.orderBy("created_at").execute();
}

export async function getPlan(db: DbOrTx, orgId: string, planId: string): Promise<MembershipPlanRow> {
  if (!/^[0-9a-f-]{36}$/i.test(planId)) throw new NotFoundError("Plan");
  const plan = await db.selectFrom("membership_plans").selectAll().where("org_id", "=", orgId).where("id", "=", planId).executeTakeFirst();
  if (!plan) throw new NotFoundError("Plan");
  return plan;
}

export async function createPlanRow(db: DbOrTx, orgId: string, input: unknown): Promise<MembershipPlanRow> {
  const v = parse(input);
  return db
    .insertInto("membership_plans")
    .values({ org_id: orgId, name: v.name, interval: v.interval, price_minor: v.priceMinor, currency: v.currency, discount_percent: v.discountPercent, ticket_type_names: v.ticketTypeNames })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A changed price or interval is billed from the next subscription on; members keep the price they subscribed at. */
export async function updatePlanRow(db: DbOrTx, orgId: string, planId: string, input: unknown): Promise<MembershipPlanRow> {
  const current = await getPlan(db, orgId, planId);
  if (current.archived_at) throw new ConflictError("This plan is archived; create a new plan instead.");
  const v = parse(input);
  return db
    .updateTable("membership_plans")
    .set({ name: v.name, interval: v.interval, price_minor: v.priceMinor, currency: v.currency, discount_percent: v.discountPercent, ticket_type_names: v.ticketTypeNames, updated_at: new Date() })
    .where("id", "=", planId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Archived plans are no longer offered; existing members keep their subscription until they cancel. */
export async function archivePlan(db: DbOrTx, orgId: string, planId: string): Promise<void> {
  await getPlan(db, orgId, planId);
  await db.updateTable("membership_plans").set({ archived_at: new Date(), updated_at: new Date() }).where("id", "=", planId).where("archived_at", "is", null).execute();
}

/** The provider's ids after a sync, kept so the next change replaces the right price. */
export async function recordPlanBilling(db: DbOrTx, planId: string, ids: { connectionId: string; productId: string; priceId: string }): Promise<void> {
  await db
    .updateTable("membership_plans")
    .set({ connection_id: ids.connectionId, provider_product_id: ids.productId, provider_price_id: ids.priceId, updated_at: new Date() })
    .where("id", "=", planId)
    .execute();
}
