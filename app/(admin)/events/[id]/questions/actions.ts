"use server";
// Thin: check the admin, read the form, call lib/domain/questions, answer with form state.
import { revalidatePath } from "next/cache";
import { assertAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { addQuestion, deleteQuestion, moveQuestion, updateQuestion } from "@/lib/domain/questions/service";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";
import { connectorQuestionKinds } from "@/lib/integrations/question-kinds";

const page = (eventId: string) => `/events/${eventId}`;

/** The form's values, with the file types' ticked boxes (one entry each) joined, so a failed save shows them ticked again. */
function questionValues(fd: FormData): Record<string, string> {
  return { ...formValues(fd), fileAccept: fd.getAll("fileAccept").filter((v) => typeof v === "string").join(",") };
}

export async function addQuestionAction(eventId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = questionValues(fd);
  try {
    const member = await assertAdmin();
    const q = await addQuestion(db(), member.orgId, eventId, values, connectorQuestionKinds());
    revalidatePath(page(eventId));
    // The form empties for the next question; the kind stays, as several of one kind often follow.
    return { ok: true, message: `Added "${q.label}".`, values: { kind: q.kind } };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function updateQuestionAction(eventId: string, questionId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = questionValues(fd);
  try {
    const member = await assertAdmin();
    await updateQuestion(db(), member.orgId, eventId, questionId, values, connectorQuestionKinds());
    revalidatePath(page(eventId));
    return { ok: true, message: "Saved.", values };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function deleteQuestionAction(eventId: string, questionId: string, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await deleteQuestion(db(), member.orgId, eventId, questionId);
    revalidatePath(page(eventId));
    return { ok: true, message: "Deleted." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function moveQuestionAction(eventId: string, questionId: string, direction: -1 | 1, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await moveQuestion(db(), member.orgId, eventId, questionId, direction);
    revalidatePath(page(eventId));
    return { ok: true };
  } catch (err) {
    return formFailure(err, {});
  }
}
