// Which payload versions the endpoint receives, and the way to the latest.
import Link from "next/link";
import { ActionButton } from "@/components/ui/action-button";
import type { FormState } from "@/lib/http/errors";
import type { PayloadVersionView } from "@/lib/webhooks/outbound/payload-versions";

export function PayloadVersions({ outdated, upgrade }: { outdated: PayloadVersionView[]; upgrade: (prev: FormState) => Promise<FormState> }) {
  return (
    <section aria-labelledby="versions-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="versions-heading" className="text-lg font-semibold">Payload versions</h2>
      {outdated.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">This endpoint receives the latest version of every event type it subscribes to.</p>
      ) : (
        <>
          <p className="mt-2 text-sm text-slate-600">
            This endpoint keeps the versions current when it was added, so your receiver is never surprised. See what changed in the{" "}
            <Link href="/settings/webhooks/event-types" className="text-brand-700 underline">event catalog</Link>, then upgrade when your receiver is ready.
          </p>
          <ul className="mt-3 space-y-1 text-sm" data-testid="outdated-payloads">
            {outdated.map((v) => (
              <li key={v.type}>
                <span className="font-mono">{v.type}</span>: receives version {v.receives}; the latest is version {v.latest}.
              </li>
            ))}
          </ul>
          <div className="mt-3">
            <ActionButton action={upgrade} label="Upgrade to the latest versions" variant="secondary" confirm="Send new messages in the latest payload versions? Messages already made keep their bodies." />
          </div>
        </>
      )}
    </section>
  );
}
