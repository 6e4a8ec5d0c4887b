"use server";
// Thin: read the form, check the member, call lib/domain, answer with form state.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { assertAdmin, requireMember } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { checkIn } from "@/lib/domain/attendees/service";
import { cancelRegistration } from "@/lib/domain/registrations/cancel";
import { addTicketType, cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { offsetInput } from "@/lib/domain/reminders/offsets";
import { updateReminderOffsets } from "@/lib/domain/reminders/settings";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";
import { ProviderCallError } from "@/lib/integrations/contract";
import { requestRefund } from "@/lib/checkout/refunds";
import { formatMoney } from "@/lib/domain/money";

export async function createEventAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const member = await requireMember();
  const values = formValues(fd);
  let id: string;
  try {
    id = (await createEvent(db(), member.orgId, values)).id;
  } catch (err) {
    return formFailure(err, values);
  }
  redirect(`/events/${id}`);
}

export async function updateEventAction(eventId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const member = await requireMember();
  const values = formValues(fd);
  try {
    const event = await updateEvent(db(), member.orgId, eventId, values);
    revalidatePath(`/events/${eventId}`);
    return { ok: true, message: "Saved.", values: { ...values, version: String(event.version) } };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function addTicketTypeAction(eventId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const member = await requireMember();
  const values = formValues(fd);
  try {
    await addTicketType(db(), member.orgId, eventId, values);
    revalidatePath(`/events/${eventId}`);
    return { ok: true, message: `Added ${values.name}.`, values: { currency: values.currency ?? "" } };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function updateRemindersAction(eventId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const member = await requireMember();
  const values = formValues(fd);
  try {
    const event = await updateReminderOffsets(db(), member.orgId, eventId, values);
    revalidatePath(`/events/${eventId}`);
    const saved = event.reminder_offsets.map(offsetInput).join(", ");
    return { ok: true, message: saved ? `Saved: attendees are reminded ${saved} before the start.` : "Saved: no reminders for this event.", values: { reminderOffsets: saved } };
  } catch (err) {
    return formFailure(err, values);
  }
}

/** Runs one button's change for the signed-in member and reports it beside the button. */
async function act(eventId: string, message: string, change: (orgId: string) => Promise<unknown>): Promise<FormState> {
  const member = await requireMember();
  try {
    await change(member.orgId);
    revalidatePath(`/events/${eventId}`);
    return { ok: true, message };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function publishEventAction(eventId: string, _prev: FormState): Promise<FormState> {
  return act(eventId, "Published: the public page is live.", (orgId) => publishEvent(db(), orgId, eventId));
}

export async function cancelEventAction(eventId: string, _prev: FormState): Promise<FormState> {
  return act(eventId, "Cancelled.", (orgId) => cancelEvent(db(), orgId, eventId));
}

export async function checkInAction(eventId: string, attendeeId: string, _prev: FormState): Promise<FormState> {
  return act(eventId, "Checked in.", (orgId) => checkIn(db(), orgId, attendeeId));
}

export async function cancelRegistrationAction(eventId: string, attendeeId: string, _prev: FormState): Promise<FormState> {
  try {
    // Taking someone's place away is an admin's call, like a refund.
    const member = await assertAdmin();
    const { changed } = await cancelRegistration(db(), member.orgId, attendeeId);
    revalidatePath(`/events/${eventId}`);
    return { ok: true, message: changed ? "Registration cancelled; the place is free again." : "This registration was already cancelled." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function refundAction(eventId: string, orderId: string, attendeeId: string | undefined, currency: string, _prev: FormState): Promise<FormState> {
  try {
    // Money leaves the organization's account: admins only, like the payment settings.
    const member = await assertAdmin();
    const { amountMinor, provider, alreadyRequested } = await requestRefund(db(), member.orgId, orderId, attendeeId);
    revalidatePath(`/events/${eventId}`);
    if (alreadyRequested) return { ok: false, message: alreadyRequested };
    return { ok: true, message: `Refund of ${formatMoney(amountMinor, currency)} requested; the ticket shows refunded once ${provider} confirms.` };
  } catch (err) {
    if (err instanceof ProviderCallError) return { ok: false, message: `The payment provider refused the refund: ${err.failure.message}` };
    return formFailure(err, {});
  }
}
