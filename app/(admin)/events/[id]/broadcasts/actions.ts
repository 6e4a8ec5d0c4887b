"use server";
// Thin: read the form, check the admin, start the broadcast, go to its progress page.
import { redirect } from "next/navigation";
import { assertAdmin } from "@/lib/auth/session";
import { startBroadcast } from "@/lib/broadcasting/start";
import { db } from "@/lib/db/client";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";

export async function startBroadcastAction(eventId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  let id: string;
  try {
    const member = await assertAdmin();
    id = (await startBroadcast(db(), { orgId: member.orgId, userId: member.userId }, eventId, values)).id;
  } catch (err) {
    return formFailure(err, values);
  }
  redirect(`/events/${eventId}/broadcasts/${id}`);
}
