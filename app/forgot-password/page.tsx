import Link from "next/link";
import { accountMailAvailable } from "@/lib/accounts/settings";
import { AccountCard, textLink } from "@/components/accounts/account-card";
import { EmailLinkForm } from "@/components/accounts/email-link-form";

export const metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <AccountCard title="Forgot your password?">
      {accountMailAvailable() ? (
        <div className="mt-4 space-y-4">
          <p className="text-sm text-slate-700">Enter the e-mail address you sign in with. We send a link to choose a new password; it works once, for one hour.</p>
          <EmailLinkForm action="/api/accounts/password-reset" label="E-mail me a link" />
        </div>
      ) : (
        <p className="mt-4 text-sm text-slate-700">
          This Switchboard cannot send e-mail (no mail server is configured), so no reset link can be sent. Ask the server&apos;s operator to configure e-mail (the SMTP_* settings) so a reset link can be sent. If the sign-in page offers Google, GitHub or Microsoft and your account uses this address there, that way in still works.
        </p>
      )}
      <p className="mt-6 text-sm text-slate-600">
        Remembered it? <Link href="/login" className={textLink}>Sign in</Link>
      </p>
    </AccountCard>
  );
}
