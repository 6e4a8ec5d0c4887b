"use server";
// Thin: read the form, check the member, call lib/domain, answer with form state.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireMember } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { checkIn } from "@/lib/domain/attendees/service";
import { addTicketType, cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";

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

export async function publishEventAction(eventId: string, _prev: FormState): Promise<FormState> {
  const member = await requireMember();
  try {
    await publishEvent(db(), member.orgId, eventId);
    revalidatePath(`/events/${eventId}`);
    return { ok: true, message: "Published: the public page is live." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function cancelEventAction(eventId: string, _prev: FormState): Promise<FormState> {
  const member = await requireMember();
  try {
    await cancelEvent(db(), member.orgId, eventId);
    revalidatePath(`/events/${eventId}`);
    return { ok: true, message: "Cancelled." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function checkInAction(eventId: string, attendeeId: string, _prev: FormState): Promise<FormState> {
  const member = await requireMember();
  try {
    await checkIn(db(), member.orgId, attendeeId);
    revalidatePath(`/events/${eventId}`);
    return { ok: true, message: "Checked in." };
  } catch (err) {
    return formFailure(err, {});
  }
}
