"use server";
// The header's organization switcher. lib/auth/session.ts refuses an organization
// the person is not a member of; the pages of the one left behind mean nothing in
// the next, so the person lands on its events.
import { redirect } from "next/navigation";
import { chooseOrganization, ForbiddenError } from "@/lib/auth/session";

export async function switchOrganizationAction(fd: FormData): Promise<void> {
  const orgId = fd.get("orgId");
  if (typeof orgId === "string") {
    try {
      await chooseOrganization(orgId);
    } catch (err) {
      // Not (or no longer) a member there: stay where the session already is.
      if (!(err instanceof ForbiddenError)) throw err;
    }
  }
  redirect("/events");
}
