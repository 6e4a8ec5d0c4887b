import Link from "next/link";
import { SIGN_UP_CLOSED } from "@/lib/accounts/signup";
import { signUpOpen } from "@/lib/accounts/settings";
import { AccountCard, textLink } from "@/components/accounts/account-card";
import { SignUpForm } from "@/components/accounts/signup-form";

export const metadata = { title: "Sign up" };

export default function SignUpPage() {
  const open = signUpOpen();
  return (
    <AccountCard title={open ? "Create your organization" : "Sign-up is by invitation"}>
      {open ? <SignUpForm /> : <p className="mt-4 text-sm text-slate-700">{SIGN_UP_CLOSED}</p>}
      <p className="mt-6 text-sm text-slate-600">
        Already have an account? <Link href="/login" className={textLink}>Sign in</Link>
      </p>
    </AccountCard>
  );
}
