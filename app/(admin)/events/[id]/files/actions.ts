"use server";
// Thin: check the admin, call lib, answer with form state.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { assertAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { deleteEvent } from "@/lib/domain/events/delete";
import { formFailure, type FormState } from "@/lib/http/errors";
import { removeMaterial } from "@/lib/materials/service";

export async function removeMaterialAction(eventId: string, fileId: string, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    const { removed } = await removeMaterial(db(), member.orgId, eventId, fileId);
    revalidatePath(`/events/${eventId}`);
    return { ok: true, message: removed ? "Removed; attendees' links no longer list it." : "Already removed." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function deleteEventAction(eventId: string, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await deleteEvent(db(), member.orgId, eventId);
  } catch (err) {
    return formFailure(err, {});
  }
  revalidatePath("/events");
  redirect("/events");
}
