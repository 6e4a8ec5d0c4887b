"use client";
// "Manage card or cancel": opens the payment provider's customer portal for this member.
import { FormMessage } from "@/components/ui/field";
import { usePublicPost } from "@/components/events/use-public-post";

export function PortalButton({ org, token }: { org: string; token: string }) {
  const { message, pending, post } = usePublicPost();
  async function open() {
    const answer = await post(`/api/public/members/${encodeURIComponent(org)}/portal`, { token }, "The customer portal could not be opened; try again.");
    if (typeof answer?.url === "string") window.location.assign(answer.url);
  }
  return (
    <div className="space-y-2">
      <FormMessage message={message?.text} ok={message?.ok} />
      <button type="button" onClick={open} disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Opening…" : "Manage card or cancel"}
      </button>
    </div>
  );
}
