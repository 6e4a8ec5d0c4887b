import { notFound } from "next/navigation";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { formatMoney } from "@/lib/domain/money";
import { grantText } from "@/lib/memberships/names";
import { offeredPlans, orgBySlug } from "@/lib/memberships/public";
import { SubscribeForm } from "@/components/memberships/subscribe-form";

export const metadata = { title: "Membership" };

export default async function MembershipPlansPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ org: slug }, q] = await Promise.all([params, searchParams]);
  const org = await orgBySlug(db(), slug).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const plans = await offeredPlans(db(), org.id);
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <p className="text-sm text-slate-500">{org.name}</p>
      <h1 className="mt-1 text-3xl font-semibold">Become a member</h1>
      {q.checkout === "cancelled" ? <p role="status" className="mt-6 rounded-md bg-amber-50 px-4 py-3 text-amber-900">Checkout was cancelled; nothing was charged.</p> : null}
      {q.checkout === "waiting" ? <p role="status" className="mt-6 rounded-md bg-amber-50 px-4 py-3 text-amber-900">Your payment is not confirmed yet. Once it is, we e-mail you the link to your membership page; on an event page, “Member? Get your price” then gives you member prices.</p> : null}
      {q.checkout === "mailed" ? <p role="status" className="mt-6 rounded-md bg-emerald-50 px-4 py-3 text-emerald-800">Welcome! Your membership has started and member prices now show on {org.name}&apos;s event pages in this browser. The link to your membership page, where you change your card or cancel, is in the e-mail we sent you.</p> : null}
      {q.checkout === "unknown" ? <p role="alert" className="mt-6 rounded-md bg-red-50 px-4 py-3 text-red-800">We could not match that return from checkout to a membership. If you were charged, use the link in your e-mail.</p> : null}
      {q.signin === "expired" ? <p role="alert" className="mt-6 rounded-md bg-red-50 px-4 py-3 text-red-800">That sign-in link was already used or has expired. Ask for a new one on the event page.</p> : null}
      {plans.length === 0 ? (
        <p className="mt-6 text-slate-700">{org.name} offers no memberships right now.</p>
      ) : (
        <SubscribeForm
          org={org.slug}
          plans={plans.map((p) => ({ id: p.id, name: p.name, price: `${formatMoney(p.price_minor, p.currency.trim())} per ${p.interval}`, grants: grantText(p) }))}
        />
      )}
    </main>
  );
}
