"use server";
// Thin: check the admin, call lib/members with who is acting, answer with form
// state. lib/members re-reads the actor's role under the organization's lock.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { assertAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";
import { invite, resendInvitation, revokeInvitation } from "@/lib/members/invitations";
import { changeRole, removeMember } from "@/lib/members/roster";

const PAGE = "/settings/members";

export async function inviteAction(fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const member = await assertAdmin();
    const sent = await invite(db(), { orgId: member.orgId, userId: member.userId }, values);
    revalidatePath(PAGE);
    return { ok: true, message: sent.resent ? `${sent.email} was already invited: a new invitation is on its way and the earlier link no longer works.` : `Invitation sent to ${sent.email}.` };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function resendInvitationAction(invitationId: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    const { email } = await resendInvitation(db(), { orgId: member.orgId, userId: member.userId }, invitationId);
    revalidatePath(PAGE);
    return { ok: true, message: `Sent again to ${email}, valid for another 7 days.` };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function revokeInvitationAction(invitationId: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    const { email } = await revokeInvitation(db(), { orgId: member.orgId, userId: member.userId }, invitationId);
    revalidatePath(PAGE);
    return { ok: true, message: `The invitation of ${email} was revoked.` };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function changeRoleAction(userId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const member = await assertAdmin();
    const { changed, role } = await changeRole(db(), { orgId: member.orgId, userId: member.userId }, userId, values);
    revalidatePath(PAGE);
    return { ok: true, message: changed ? `Now ${role}.` : `Already ${role}.` };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function removeMemberAction(userId: string): Promise<FormState> {
  let self = false;
  try {
    const member = await assertAdmin();
    self = member.userId === userId;
    const { email } = await removeMember(db(), { orgId: member.orgId, userId: member.userId }, userId);
    revalidatePath(PAGE);
    if (!self) return { ok: true, message: `${email} was removed.` };
  } catch (err) {
    return formFailure(err, {});
  }
  // Whoever left has no business on this organization's settings any more.
  redirect("/events");
}
