import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formatMoney, minorUnitDigits } from "@/lib/domain/money";
import { plansOverview } from "@/lib/memberships/overview";
import { grantText, MEMBERSHIP_STATUS_LABEL } from "@/lib/memberships/names";
import { plansPageUrl } from "@/lib/memberships/links";
import { ActionButton } from "@/components/ui/action-button";
import { PlanForm } from "@/components/memberships/plan-form";
import { archivePlanAction, savePlanAction } from "./actions";

export const metadata = { title: "Memberships" };

export default async function MembershipsSettingsPage() {
  const member = await requireAdmin();
  const { orgSlug, plans, latest } = await plansOverview(db(), member.orgId);
  return (
    <div>
      <h1 className="text-2xl font-semibold">Memberships</h1>
      <p className="mt-1 text-sm text-slate-600">
        Sell memberships billed monthly or yearly by your payment provider. Members pay less for the ticket types a
        plan names, or nothing at 100%. People subscribe on your{" "}
        <Link className="text-blue-700 underline" href={plansPageUrl(orgSlug)}>membership page</Link>; they manage their card or
        cancel in the provider&apos;s customer portal, linked from the page each member is e-mailed.
      </p>
      <section className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-medium">New plan</h2>
        <PlanForm action={savePlanAction.bind(null, null)} submitLabel="Create plan" idPrefix="new" />
      </section>
      <h2 className="mt-8 text-lg font-medium">Plans</h2>
      {plans.length === 0 ? <p className="mt-2 text-sm text-slate-500">No plans yet.</p> : null}
      <ul className="mt-2 space-y-3">
        {plans.map((p) => (
          <li key={p.id} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="plan-row">
            <div className="flex items-start justify-between gap-4">
              <div>
                <p className="font-medium">{p.name}</p>
                <p className="text-sm text-slate-600">
                  {formatMoney(p.price_minor, p.currency.trim())} per {p.interval} · {grantText(p)}
                </p>
                <p className="text-xs text-slate-500">
                  {p.provider_price_id ? `Price ${p.provider_price_id} at the payment provider` : "Not set up at the payment provider yet: save it again."} ·{" "}
                  {p.members.active ?? 0} active, {p.members.past_due ?? 0} past due, {p.members.cancelled ?? 0} cancelled
                </p>
              </div>
              <ActionButton action={archivePlanAction.bind(null, p.id)} label="Archive" variant="danger" confirm={`Archive “${p.name}”? It is no longer offered; current members keep their membership until they cancel.`} />
            </div>
            <details className="mt-2">
              <summary className="cursor-pointer text-sm text-blue-700">Edit</summary>
              <PlanForm
                action={savePlanAction.bind(null, p.id)}
                submitLabel="Save plan"
                idPrefix={p.id}
                initial={{ name: p.name, interval: p.interval, price: (p.price_minor / 10 ** minorUnitDigits(p.currency.trim())).toFixed(minorUnitDigits(p.currency.trim())), currency: p.currency.trim(), discountPercent: String(p.discount_percent), ticketTypeNames: p.ticket_type_names.join(", ") }}
              />
            </details>
          </li>
        ))}
      </ul>
      <h2 className="mt-8 text-lg font-medium">Members</h2>
      <table className="mt-2 w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Members">
        <thead className="text-left text-slate-600">
          <tr><th className="px-3 py-2">Member</th><th>Plan</th><th>State</th><th>Paid until</th></tr>
        </thead>
        <tbody>
          {latest.length === 0 ? <tr><td colSpan={4} className="px-3 py-4 text-slate-500">No members yet.</td></tr> : null}
          {latest.map((m) => (
            <tr key={m.id} className="border-t border-slate-100" data-testid="member-row">
              <td className="px-3 py-2">{m.name} &lt;{m.email}&gt;</td>
              <td>{m.plan_name}</td>
              <td>{MEMBERSHIP_STATUS_LABEL[m.status]}{m.cancel_at_period_end && m.status === "active" ? " (ends at period end)" : ""}</td>
              <td>{m.current_period_end ? m.current_period_end.toISOString().slice(0, 10) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
