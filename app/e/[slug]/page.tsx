import { notFound } from "next/navigation";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { getPublicEvent, listTicketTypes } from "@/lib/domain/events/queries";
import { formatMoney } from "@/lib/domain/money";
import { formatInZone } from "@/lib/domain/time";
import { randomUUID } from "node:crypto";
import { CheckoutForm } from "@/components/events/checkout-form";
import { RegistrationForm } from "@/components/events/registration-form";
import { availableGateways } from "@/lib/checkout/gateways";
import { humanCheckSiteKey } from "@/lib/rate-limit/human-check";
import { listQuestions } from "@/lib/domain/questions/service";
import { publicQuestions } from "@/lib/domain/questions/public";
import { connectorQuestionKinds } from "@/lib/integrations/question-kinds";
import { appKeyring } from "@/lib/vault/app-keyring";
import { CoverImage } from "@/components/events/cover-image";
import { coverImage } from "./cover";
import { AnalyticsConsent } from "@/components/events/analytics-consent";
import { pageTags } from "@/lib/integrations/page-tags";
import { cookies } from "next/headers";
import { memberUnitPrice } from "@/lib/checkout/member-price";
import { MemberLinkForm } from "@/components/memberships/member-link-form";
import { sellsMemberships } from "@/lib/memberships/public";

export default async function PublicEventPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ slug }, q] = await Promise.all([params, searchParams]);
  const event = await getPublicEvent(db(), slug).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const jar = await cookies();
  const [ticketTypes, offered, asked, tags, memberPrice, hasPlans] = await Promise.all([
    listTicketTypes(db(), event.id),
    availableGateways(db(), event.org_id),
    listQuestions(db(), event.id),
    pageTags(db(), event.org_id),
    // Shown only; checkout prices the order again when it is made.
    memberUnitPrice(db(), event.org_id, (name) => jar.get(name)?.value),
    sellsMemberships(db(), event.org_id),
  ]);
  const questions = publicQuestions(asked, connectorQuestionKinds());
  const cover = await coverImage(db(), appKeyring(), event);
  const gateways = offered.map((g) => ({ id: g.id, label: g.label }));
  const offers = ticketTypes.map((t) => {
    const member = memberPrice?.(t) ?? t.price_minor;
    return {
    id: t.id,
    name: t.name,
    price: member < t.price_minor ? `${member === 0 ? "Free" : formatMoney(member, t.currency)} member price (instead of ${formatMoney(t.price_minor, t.currency)})` : formatMoney(t.price_minor, t.currency),
    free: t.price_minor === 0,
    left: Math.max(0, Math.min(t.quantity - Number(t.taken ?? 0), event.capacity)),
    };
  });
  const humanCheck = humanCheckSiteKey();
  const open = event.status === "published" && event.ends_at.getTime() > Date.now();
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      {cover ? <div className="mb-6"><CoverImage cover={cover} priority /></div> : null}
      <p className="text-sm text-slate-500">{event.org_name}</p>
      <h1 className="mt-1 text-3xl font-semibold">{event.title}</h1>
      <p className="mt-2 text-slate-700">
        {formatInZone(event.starts_at, event.time_zone)} ({event.time_zone}){event.venue ? ` · ${event.venue}` : ""}
      </p>
      {event.status === "cancelled" ? (
        <p role="alert" className="mt-6 rounded-md bg-red-50 px-4 py-3 text-red-800">This event was cancelled.</p>
      ) : null}
      {q.member && memberPrice ? <p role="status" className="mt-6 rounded-md bg-emerald-50 px-4 py-3 text-emerald-800">You are signed in as a member: member prices are shown below.</p> : null}
      {q.checkout === "cancelled" ? (
        <p role="status" className="mt-6 rounded-md bg-amber-50 px-4 py-3 text-amber-900">Checkout was cancelled; nothing was charged. Your places are released when the checkout expires.</p>
      ) : null}
      {event.online && event.status === "published" ? (
        <p className="mt-4 text-slate-700">
          Online event:{" "}
          {event.meeting_url ? <a className="text-blue-700 underline" href={event.meeting_url}>join the meeting</a> : "the meeting link will appear here."}
        </p>
      ) : null}
      {event.description ? <p className="mt-6 whitespace-pre-line text-slate-800">{event.description}</p> : null}
      <section aria-labelledby="tickets" className="mt-8 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="tickets" className="text-lg font-semibold">Tickets</h2>
        <ul className="mt-3 divide-y divide-slate-100 text-sm">
          {offers.map((o) => (
            <li key={o.id} className="flex justify-between py-2">
              <span>{o.name}</span>
              <span>{o.price} · {o.left > 0 ? `${o.left} left` : "sold out"}</span>
            </li>
          ))}
        </ul>
        {open && hasPlans && !memberPrice && offers.some((o) => !o.free) ? <MemberLinkForm org={event.org_slug} next={`/e/${event.slug}`} /> : null}
        {open && offers.some((o) => !o.free && o.left > 0) ? (
          <section aria-labelledby="buy" className="mt-6 border-t border-slate-100 pt-4">
            <h3 id="buy" className="font-medium">Buy tickets</h3>
            {gateways.length > 0 ? (
              <CheckoutForm slug={event.slug} offers={offers.filter((o) => !o.free && o.left > 0)} attempt={randomUUID()} gateways={gateways} humanCheck={humanCheck} questions={questions} visitorCookie={tags.find((t) => t.visitorCookie)?.visitorCookie} />
            ) : (
              <p role="status" className="mt-3 text-sm text-slate-600">Paid tickets go on sale as soon as the organizer has set up payments.</p>
            )}
          </section>
        ) : null}
        {open && offers.some((o) => o.free && o.left > 0) ? (
          <section aria-labelledby="register" className="mt-6 border-t border-slate-100 pt-4">
            <h3 id="register" className="font-medium">Register for free</h3>
            <RegistrationForm slug={event.slug} offers={offers.filter((o) => o.free && o.left > 0)} humanCheck={humanCheck} questions={questions} />
          </section>
        ) : null}
      </section>
      <AnalyticsConsent tags={tags} />
    </main>
  );
}
