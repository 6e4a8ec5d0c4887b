import { redirect } from "next/navigation";
import { configuredOAuthProviders } from "@/lib/auth/providers";
import { currentMember } from "@/lib/auth/session";
import { LoginForm } from "@/components/login-form";
import { signInLimitMessage } from "@/lib/rate-limit/sign-in-message";

export const metadata = { title: "Sign in" };

const errors: Record<string, string> = {
  CredentialsSignin: "That e-mail and password do not match an account.",
  NotInvited: "That account is not a member of any organization on Switchboard. Ask an admin to add you.",
  NoEmail: "The provider did not share an e-mail address, so we cannot match you to an account.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  if (await currentMember()) redirect(params.callbackUrl?.startsWith("/") ? params.callbackUrl : "/events");
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-xl font-semibold">Sign in to Switchboard</h1>
      <LoginForm
        callbackUrl={params.callbackUrl?.startsWith("/") ? params.callbackUrl : "/events"}
        initialError={params.error ? (errors[params.error] ?? signInLimitMessage(params.error) ?? "Sign-in failed. Try again.") : undefined}
        oauthProviders={configuredOAuthProviders()}
      />
    </main>
  );
}
