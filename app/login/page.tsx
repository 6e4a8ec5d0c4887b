import Link from "next/link";
import { redirect } from "next/navigation";
import { signUpOpen } from "@/lib/accounts/settings";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { configuredOAuthProviders, OAUTH_PROVIDER_NAMES } from "@/lib/auth/providers";
import { currentMember, signedInUser } from "@/lib/auth/session";
import { appUrl } from "@/lib/config";
import { LoginForm } from "@/components/login-form";
import { signInLimitMessage } from "@/lib/rate-limit/sign-in-message";

export const metadata = { title: "Sign in" };

const errors: Record<string, (provider: string) => string> = {
  CredentialsSignin: () => "That e-mail and password do not match an account.",
  NotInvited: () => "That account is not a member of any organization on Switchboard. Ask an admin to add you.",
  NoEmail: (p) => `${p} did not share an e-mail address, so we cannot match you to an account. Sign in with your password instead.`,
  NoIdentity: (p) => `${p} did not say who you are. Try again, or sign in with your password.`,
  EmailNotVerified: (p) =>
    `${p} has not verified the e-mail address of that account, so it cannot sign you in. ${p === "GitHub" ? "Make a verified address your primary one on GitHub" : `Verify the address with ${p}`} and try again, or sign in with your password.`,
  FirstLinkUnproven: (p) =>
    `${p} could not confirm that your organization owns the domain of that e-mail address, so it cannot be linked to your Switchboard account. Sign in with your password, or ask whoever runs Switchboard to allow only your organization's ${p} directory.`,
  AnotherIdentityLinked: (p) => `Your Switchboard account is already linked to a different ${p} account. Sign in with that one, or with your password.`,
  IdentityLinkedElsewhere: (p) => `That ${p} account is linked to a different Switchboard account. Sign in with the e-mail address of that account, or with your password.`,
  TenantNotAllowed: (p) => `That ${p} account belongs to an organization this Switchboard does not accept. Use your work account, or sign in with your password.`,
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, appUrl(), "/events");
  if (await currentMember()) redirect(callbackUrl);
  // Signed in, but removed from every organization meanwhile: say so, rather than
  // show the form as if the session had simply ended.
  const removed = await signedInUser();
  const error = removed
    ? `You are signed in as ${removed.email}, but that account no longer belongs to any organization on this Switchboard. Ask an owner to invite you again, or sign in with another account.`
    : params.error
      ? (errors[params.error]?.(OAUTH_PROVIDER_NAMES[params.provider ?? ""] ?? "The provider") ?? signInLimitMessage(params.error) ?? "Sign-in failed. Try again.")
      : undefined;
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-xl font-semibold">Sign in to Switchboard</h1>
      <LoginForm
        callbackUrl={callbackUrl}
        initialError={error}
        oauthProviders={configuredOAuthProviders()}
      />
      <p className="mt-6 space-y-1 text-sm text-slate-600">
        <Link href="/forgot-password" className="block text-brand-700 underline hover:no-underline">Forgot your password?</Link>
        {signUpOpen() ? (
          <span className="block">
            New to Switchboard? <Link href="/signup" className="text-brand-700 underline hover:no-underline">Create an organization</Link>
          </span>
        ) : null}
      </p>
    </main>
  );
}
