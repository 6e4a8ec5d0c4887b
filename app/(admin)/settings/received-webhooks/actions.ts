"use server";
import { revalidatePath } from "next/cache";
import { assertAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formFailure, type FormState } from "@/lib/http/errors";
import { reprocessWebhookEvent } from "@/lib/webhooks/inbound/process";

export async function reprocessAction(id: string, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    const ok = await reprocessWebhookEvent(db(), member.orgId, id);
    revalidatePath("/settings/received-webhooks");
    return ok ? { ok: true, message: "Queued for processing." } : { ok: false, message: "That callback was not found." };
  } catch (err) {
    return formFailure(err, {});
  }
}
