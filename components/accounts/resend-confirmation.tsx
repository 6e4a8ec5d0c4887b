"use client";
// Shown on the sign-in form when the password was right but the address is not
// confirmed yet: says so, and sends a new confirmation link on request.
import { FormMessage } from "@/components/ui/field";
import { usePublicPost } from "@/components/events/use-public-post";
import { secondaryButton } from "./account-card";

export function ResendConfirmation({ email }: { email: string }) {
  const { message, setMessage, pending, post } = usePublicPost();
  async function resend() {
    const answer = await post("/api/accounts/verification", { email }, "We could not send a new link; try again.");
    if (typeof answer?.message === "string") setMessage({ ok: true, text: answer.message });
  }
  return (
    <div className="space-y-3">
      <FormMessage message="Confirm your e-mail address first: open the link we e-mailed you when you signed up, then sign in again." />
      {message ? <FormMessage message={message.text} ok={message.ok} /> : (
        <button type="button" onClick={resend} disabled={pending} className={secondaryButton}>{pending ? "Sending…" : "Send me a new link"}</button>
      )}
    </div>
  );
}
