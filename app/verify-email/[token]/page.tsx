import { AccountCard } from "@/components/accounts/account-card";
import { ConfirmEmail } from "@/components/accounts/confirm-email";

export const metadata = { title: "Confirm your e-mail address" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AccountCard title="Confirm your e-mail address">
      <ConfirmEmail token={token} />
    </AccountCard>
  );
}
