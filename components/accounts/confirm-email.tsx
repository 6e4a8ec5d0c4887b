"use client";
// The confirmation link's page: a button rather than confirming on opening, so a
// mail scanner that opens links does not spend it. An expired link offers a new
// one, sent where the old one went.
import Link from "next/link";
import { useState } from "react";
import { FormMessage } from "@/components/ui/field";
import { usePublicPost } from "@/components/events/use-public-post";
import { primaryButton, secondaryButton, textLink } from "./account-card";

type Outcome = "confirmed" | "expired" | "unknown";

export function ConfirmEmail({ token }: { token: string }) {
  const { message, setMessage, pending, post } = usePublicPost();
  const [outcome, setOutcome] = useState<Outcome>();
  const [renewed, setRenewed] = useState(false);

  async function confirm() {
    const answer = await post("/api/accounts/verification/confirm", { token }, "We could not confirm your address; try again.");
    if (typeof answer?.outcome === "string") setOutcome(answer.outcome as Outcome);
  }
  async function renew() {
    const answer = await post("/api/accounts/verification/renew", { token }, "We could not send a new link; try again.");
    if (typeof answer?.message === "string") {
      setMessage({ ok: true, text: answer.message });
      setRenewed(true);
    }
  }

  if (outcome === "confirmed") {
    return (
      <div className="mt-6 space-y-4">
        <FormMessage ok message="Your e-mail address is confirmed." />
        <Link href="/login" className={`${primaryButton} block text-center`}>Sign in</Link>
      </div>
    );
  }
  if (outcome === "expired") {
    return (
      <div className="mt-6 space-y-4">
        <FormMessage message={renewed ? message?.text : (message?.text ?? "This link has expired: a confirmation link works for 24 hours.")} ok={renewed} />
        {renewed ? null : (
          <button type="button" onClick={renew} disabled={pending} className={primaryButton}>{pending ? "Sending…" : "Send me a new link"}</button>
        )}
      </div>
    );
  }
  if (outcome === "unknown") {
    return (
      <div className="mt-6 space-y-4">
        <FormMessage message="This link is not valid: it may be incomplete (copy the whole link from the e-mail) or replaced by a newer one." />
        <p className="text-sm text-slate-700">
          Sign in with your e-mail and password: if your address still needs confirming, the <Link href="/login" className={textLink}>sign-in page</Link> offers a new link.
        </p>
      </div>
    );
  }
  return (
    <div className="mt-6 space-y-4">
      <FormMessage message={message?.text} ok={message?.ok} />
      <p className="text-sm text-slate-700">Confirm that this is your e-mail address to finish creating your account.</p>
      <button type="button" onClick={confirm} disabled={pending} className={primaryButton}>{pending ? "Confirming…" : "Confirm my e-mail address"}</button>
      <Link href="/login" className={`${secondaryButton} block text-center`}>Back to sign-in</Link>
    </div>
  );
}
