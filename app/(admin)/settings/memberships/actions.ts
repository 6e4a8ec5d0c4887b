"use server";
// Thin: check the admin, call lib, answer with form state.
import { revalidatePath } from "next/cache";
import { assertAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createPlan, updatePlan } from "@/lib/checkout/plan-billing";
import { archivePlan } from "@/lib/memberships/plans";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";

const PAGE = "/settings/memberships";

export async function savePlanAction(planId: string | null, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const member = await assertAdmin();
    const plan = planId ? await updatePlan(db(), member.orgId, planId, values) : await createPlan(db(), member.orgId, values);
    revalidatePath(PAGE);
    return { ok: true, message: `Plan “${plan.name}” saved; its price is set up at the payment provider.`, values: planId ? values : {} };
  } catch (err) {
    revalidatePath(PAGE);
    return formFailure(err, values);
  }
}

export async function archivePlanAction(planId: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await archivePlan(db(), member.orgId, planId);
    revalidatePath(PAGE);
    return { ok: true, message: "Archived: no longer offered. Current members keep their membership until they cancel." };
  } catch (err) {
    return formFailure(err, {});
  }
}
