"use server";
import { revalidatePath } from "next/cache";
import { assertAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formFailure, type FormState } from "@/lib/http/errors";
import { maxDeliveryAttempts, retryDelivery } from "@/lib/jobs/deliveries";

export async function retryDeliveryAction(deliveryId: string, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await retryDelivery(db(), member.orgId, deliveryId, maxDeliveryAttempts());
    revalidatePath("/settings/deliveries");
    return { ok: true, message: "Queued again." };
  } catch (err) {
    return formFailure(err, {});
  }
}
