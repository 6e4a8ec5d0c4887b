// Opening the link shows the form; only setting the password spends it, so a
// mail scanner that opens links does not.
import Link from "next/link";
import { inspectPasswordLink, PASSWORD_LINK_REFUSED } from "@/lib/accounts/password-reset";
import { db } from "@/lib/db/client";
import { AccountCard, primaryButton } from "@/components/accounts/account-card";
import { NewPasswordForm } from "@/components/accounts/new-password-form";
import { FormMessage } from "@/components/ui/field";

export const metadata = { title: "Choose a password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await inspectPasswordLink(db(), token);
  return (
    <AccountCard title={link.purpose === "set_password" ? "Choose your password" : "Choose a new password"}>
      {link.state === "valid" ? (
        <NewPasswordForm token={token} />
      ) : (
        <div className="mt-6 space-y-4">
          <FormMessage message={PASSWORD_LINK_REFUSED[link.state]} />
          <Link href="/forgot-password" className={`${primaryButton} block text-center`}>Ask for a new link</Link>
        </div>
      )}
    </AccountCard>
  );
}
