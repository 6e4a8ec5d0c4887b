"use server";
// The order page's URL is the attendee's key to it, so the action is bound to
// that order: the domain refuses a ticket of any other order, and paid tickets.
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { cancelOwnRegistration } from "@/lib/domain/registrations/cancel";
import { formFailure, type FormState } from "@/lib/http/errors";

export async function cancelOwnTicketAction(slug: string, orderId: string, attendeeId: string, _prev: FormState): Promise<FormState> {
  try {
    const { changed } = await cancelOwnRegistration(db(), { slug, orderId, attendeeId });
    revalidatePath(`/e/${slug}/orders/${orderId}`);
    return { ok: true, message: changed ? "Cancelled: your place is free for someone else." : "This ticket was already cancelled." };
  } catch (err) {
    return formFailure(err, {});
  }
}
