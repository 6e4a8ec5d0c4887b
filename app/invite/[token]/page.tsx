import Link from "next/link";
import { signedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { ActionButton } from "@/components/ui/action-button";
import { NewAccountForm } from "@/components/members/new-account-form";
import { SignOutButton } from "@/components/sign-out-button";
import { closedMessage, viewInvitation } from "@/lib/members/accept";
import { utcMinute } from "@/lib/members/invitation-mail";
import { ROLE_LABELS } from "@/lib/members/rules";
import { askForNewInvitationAction, createAccountAction, joinAction } from "./actions";

export const metadata = { title: "Invitation", referrer: "no-referrer" };

const HEADINGS = { unknown: "Invitation not found", expired: "This invitation has expired", revoked: "This invitation was withdrawn", withdrawn: "This invitation was withdrawn", accepted: "This invitation has been used" } as const;

function Card({ children }: { children: React.ReactNode }) {
  return <main className="mx-auto mt-24 max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">{children}</main>;
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = await viewInvitation(db(), token);
  if (view.state !== "open") {
    return (
      <Card>
        <h1 className="text-xl font-semibold">{HEADINGS[view.state]}</h1>
        <p className="mt-3 text-sm text-slate-700" data-testid="invitation-state">
          {view.state === "unknown" ? closedMessage(view.state) : closedMessage(view.state, view.invitedBy, view.role)}
        </p>
        {view.state === "expired" ? (
          <div className="mt-4">
            <ActionButton action={askForNewInvitationAction.bind(null, token)} label="Ask for a new invitation" variant="secondary" />
          </div>
        ) : null}
        <Link href="/login" className="mt-6 inline-block text-sm text-brand-700 underline">Go to sign in</Link>
      </Card>
    );
  }

  const user = await signedInUser();
  const intro = (
    <>
      <h1 className="text-xl font-semibold">Join {view.orgName}</h1>
      <p className="mt-2 text-sm text-slate-700">
        {view.invitedBy ?? "An admin"} invited <strong>{view.email}</strong> to {view.orgName} on Switchboard as {ROLE_LABELS[view.role].toLowerCase()}. The
        invitation is valid until {utcMinute(view.expiresAt)}.
      </p>
    </>
  );

  if (user && user.email.toLowerCase() !== view.email) {
    return (
      <Card>
        {intro}
        <p role="alert" className="mt-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          You are signed in as {user.email}, but this invitation is for {view.email}. Sign out, then open the link again and sign in as {view.email} (or create that account).
        </p>
        <div className="mt-4"><SignOutButton /></div>
      </Card>
    );
  }
  if (user) {
    return (
      <Card>
        {intro}
        <div className="mt-6"><ActionButton action={joinAction.bind(null, token)} label={`Join ${view.orgName}`} /></div>
      </Card>
    );
  }
  if (view.hasAccount) {
    return (
      <Card>
        {intro}
        <p className="mt-4 text-sm text-slate-700">You already have a Switchboard account with {view.email}. Sign in with it and you come back here to join.</p>
        <Link href={`/login?${new URLSearchParams({ callbackUrl: `/invite/${token}` })}`} className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Sign in to join
        </Link>
      </Card>
    );
  }
  return (
    <Card>
      {intro}
      <NewAccountForm email={view.email} action={createAccountAction.bind(null, token)} />
    </Card>
  );
}
