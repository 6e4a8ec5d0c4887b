import { notFound } from "next/navigation";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { formatMoney } from "@/lib/domain/money";
import { grantText, MEMBERSHIP_STATUS_LABEL } from "@/lib/memberships/names";
import { membershipByPageToken, orgBySlug } from "@/lib/memberships/public";
import { appKeyring } from "@/lib/vault/app-keyring";
import { PortalButton } from "@/components/memberships/portal-button";
import { RefreshWhilePending } from "@/components/events/refresh-while-pending";

export const metadata = { title: "Your membership" };

export default async function MemberPage({ params, searchParams }: { params: Promise<{ org: string; token: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ org: slug, token }, q] = await Promise.all([params, searchParams]);
  const found = await (async () => {
    const org = await orgBySlug(db(), slug);
    return { org, m: await membershipByPageToken(db(), appKeyring(), org.id, token) };
  })().catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const { org, m } = found;
  const waiting = m.status === "pending" || m.status === "incomplete";
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <p className="text-sm text-slate-500">{org.name}</p>
      <h1 className="mt-1 text-3xl font-semibold">Your membership</h1>
      {q.welcome && !waiting ? <p role="status" className="mt-6 rounded-md bg-emerald-50 px-4 py-3 text-emerald-800">Welcome, {m.name}! Member prices now show on {org.name}&apos;s event pages in this browser.</p> : null}
      {waiting ? <RefreshWhilePending /> : null}
      <dl className="mt-6 grid grid-cols-3 gap-y-2 rounded-lg border border-slate-200 bg-white p-6 text-sm">
        <dt className="text-slate-500">Plan</dt>
        <dd className="col-span-2">{m.plan_name} · {formatMoney(m.price_minor, m.currency.trim())} per {m.interval}</dd>
        <dt className="text-slate-500">You get</dt>
        <dd className="col-span-2">{grantText(m)}</dd>
        <dt className="text-slate-500">State</dt>
        <dd className="col-span-2" data-testid="membership-status">{waiting ? "Waiting for the payment to be confirmed…" : MEMBERSHIP_STATUS_LABEL[m.status]}</dd>
        {m.current_period_end ? (
          <>
            <dt className="text-slate-500">{m.cancel_at_period_end || m.status === "cancelled" ? "Ends" : "Renews"}</dt>
            <dd className="col-span-2">{m.current_period_end.toISOString().slice(0, 10)}</dd>
          </>
        ) : null}
      </dl>
      {m.status === "past_due" ? (
        <p role="alert" className="mt-6 rounded-md bg-red-50 px-4 py-3 text-red-800">Your last payment failed. Update your card so the membership continues; until it is paid, tickets are at the normal price.</p>
      ) : null}
      {m.status !== "cancelled" && !waiting ? <div className="mt-6"><PortalButton org={org.slug} token={token} /></div> : null}
    </main>
  );
}
