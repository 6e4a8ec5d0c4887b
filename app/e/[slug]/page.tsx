import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cookies } from "next/headers";
import { randomUUID } from "node:crypto";
import { cache } from "react";
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/config";
import { NotFoundError } from "@/lib/domain/errors";
import { getPublicEvent, listTicketTypes } from "@/lib/domain/events/queries";
import { OrderForm } from "@/components/events/order-form";
import { EventLinks } from "@/components/events/event-links";
import { availableGateways } from "@/lib/checkout/gateways";
import { humanCheckSiteKey } from "@/lib/rate-limit/human-check";
import { listQuestions } from "@/lib/domain/questions/service";
import { publicQuestions } from "@/lib/domain/questions/public";
import { connectorQuestionKinds } from "@/lib/integrations/question-kinds";
import { appKeyring } from "@/lib/vault/app-keyring";
import { CoverImage } from "@/components/events/cover-image";
import { coverImage, coverPath } from "./cover";
import { AnalyticsConsent } from "@/components/events/analytics-consent";
import { pageTags } from "@/lib/integrations/page-tags";
import { memberUnitPrice } from "@/lib/checkout/member-price";
import { MemberLinkForm } from "@/components/memberships/member-link-form";
import { sellsMemberships } from "@/lib/memberships/public";
import { publicOffers } from "@/lib/public-page/offers";
import { calendarLinks, eventPageUrl, organizationPath, shareLinks } from "@/lib/public-page/links";
import { eventJsonLd, jsonLdText } from "@/lib/public-page/json-ld";
import { previewDescription, whenAndWhere } from "@/lib/public-page/summary";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> };

// generateMetadata and the page read the same event once per request.
const publicEvent = cache(async (slug: string) =>
  getPublicEvent(db(), slug).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const event = await publicEvent((await params).slug);
  const cover = await coverPath(db(), event);
  const image = cover ? [{ url: `${appUrl()}${cover}`, alt: `Cover image of ${event.title}` }] : undefined;
  const description = previewDescription(event);
  const url = eventPageUrl(event.slug);
  return {
    title: event.title,
    description,
    alternates: { canonical: url },
    openGraph: { type: "website", url, title: event.title, description, siteName: event.org_name, images: image },
    twitter: { card: image ? "summary_large_image" : "summary", title: event.title, description, images: image },
  };
}

export default async function PublicEventPage({ params, searchParams }: Props) {
  const [{ slug }, q] = await Promise.all([params, searchParams]);
  const event = await publicEvent(slug);
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
  const [cover, coverSrc] = await Promise.all([coverImage(db(), appKeyring(), event), coverPath(db(), event)]);
  const gateways = offered.map((g) => ({ id: g.id, label: g.label }));
  const offers = publicOffers(event, ticketTypes, { unitPrice: memberPrice, canPay: gateways.length > 0 });
  const listOffers = publicOffers(event, ticketTypes, { canPay: true }).map((o) => ({ name: o.name, price_minor: o.listMinor, currency: o.currency, left: o.left }));
  const open = event.status === "published" && event.ends_at.getTime() > Date.now();
  const paidWaiting = offers.some((o) => !o.orderable && o.left > 0);
  return (
    <main className="mx-auto max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
      {/* A data block, never run, so the CSP's script rules do not apply to it; jsonLdText keeps it from closing its element. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(eventJsonLd(event, listOffers, coverSrc ? `${appUrl()}${coverSrc}` : undefined)) }} />
      {cover ? <div className="mb-6"><CoverImage cover={cover} priority /></div> : null}
      <p className="text-sm text-slate-600">
        <a href={organizationPath(event.org_slug)} className="underline-offset-2 hover:underline">{event.org_name}</a>
      </p>
      <h1 className="mt-1 text-2xl font-semibold sm:text-3xl">{event.title}</h1>
      <p className="mt-2 text-slate-700">{whenAndWhere(event)}</p>
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
      <section aria-labelledby="tickets" className="mt-8 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="tickets" className="text-lg font-semibold">Tickets</h2>
        {open && hasPlans && !memberPrice && offers.some((o) => o.listMinor > 0) ? <MemberLinkForm org={event.org_slug} next={`/e/${event.slug}`} /> : null}
        {open && paidWaiting ? <p role="status" className="mt-3 text-sm text-slate-600">Paid tickets go on sale as soon as the organizer has set up payments.</p> : null}
        {open && offers.some((o) => o.orderable && o.left > 0) ? (
          <OrderForm slug={event.slug} offers={offers} attempt={randomUUID()} gateways={gateways} humanCheck={humanCheckSiteKey()} questions={questions} visitorCookie={tags.find((t) => t.visitorCookie)?.visitorCookie} />
        ) : (
          <>
          {open && offers.length > 0 && offers.every((o) => o.left === 0) ? <p className="mt-3 font-medium text-red-700">Sold out: there are no places left.</p> : null}
          <ul className="mt-3 divide-y divide-slate-100 text-sm">
            {offers.map((o) => (
              <li key={o.id} className="flex flex-wrap justify-between gap-2 py-2">
                <span>{o.name}</span>
                <span>{o.price} · {o.left > 0 ? `${o.left} left` : "sold out"}</span>
              </li>
            ))}
          </ul>
          </>
        )}
      </section>
      {event.status === "published" ? <EventLinks calendar={calendarLinks(event)} share={shareLinks(event)} /> : null}
      <p className="mt-8 text-sm">
        <a href={organizationPath(event.org_slug)} className="text-brand-700 underline">More events by {event.org_name}</a>
      </p>
      <AnalyticsConsent tags={tags} />
    </main>
  );
}
