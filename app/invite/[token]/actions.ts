"use server";
// Accepting an invitation: thin, the rules are in lib/members/accept.ts. Either
// way the person then acts in the organization they just joined.
import { redirect } from "next/navigation";
import { preferOrganization, signedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";
import { acceptInvitation, acceptInvitationWithNewAccount, closedMessage } from "@/lib/members/accept";
import { askForNewInvitation } from "@/lib/members/renewal";

export interface NewAccountState extends FormState {
  /** The address the account was made with, for the sign-in that follows at once. */
  email?: string;
}

export async function joinAction(token: string): Promise<FormState> {
  try {
    const user = await signedInUser();
    if (!user) return { ok: false, message: "Your session has ended. Sign in again, then open the link again." };
    const joined = await acceptInvitation(db(), token, user.userId);
    await preferOrganization(joined.orgId);
  } catch (err) {
    return formFailure(err, {});
  }
  redirect("/events");
}

export async function createAccountAction(token: string, fd: FormData): Promise<NewAccountState> {
  const values = formValues(fd);
  try {
    const joined = await acceptInvitationWithNewAccount(db(), token, values);
    await preferOrganization(joined.orgId);
    return { ok: true, message: `Welcome to ${joined.orgName}. Signing you in…`, email: joined.email };
  } catch (err) {
    // The password never travels back to the form.
    return formFailure(err, { name: values.name ?? "" });
  }
}

export async function askForNewInvitationAction(token: string): Promise<FormState> {
  try {
    const outcome = await askForNewInvitation(db(), token);
    if (outcome === "asked") return { ok: true, message: "We asked for a new invitation for you. It will come by e-mail, to the address this one was sent to." };
    if (outcome === "already_asked") return { ok: true, message: "A new invitation has already been asked for. It will come by e-mail once it is sent." };
    if (outcome === "open") return { ok: false, message: "This invitation is still valid: reload the page to accept it." };
    return { ok: false, message: closedMessage(outcome) };
  } catch (err) {
    return formFailure(err, {});
  }
}
