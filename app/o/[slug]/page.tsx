import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { publicOrganization } from "@/lib/public-page/organization";
import { organizationPageUrl } from "@/lib/public-page/links";
import { whenAndWhere } from "@/lib/public-page/summary";

type Props = { params: Promise<{ slug: string }> };

const organization = cache(async (slug: string) =>
  publicOrganization(db(), slug).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { org } = await organization((await params).slug);
  const title = `Events by ${org.name}`;
  const description = `Upcoming events organized by ${org.name}.`;
  const url = organizationPageUrl(org.slug);
  return { title, description, alternates: { canonical: url }, openGraph: { type: "website", url, title, description, siteName: org.name }, twitter: { card: "summary", title, description } };
}

export default async function OrganizationPage({ params }: Props) {
  const { org, events } = await organization((await params).slug);
  return (
    <main className="mx-auto max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
      <p className="text-sm text-slate-600">{org.name}</p>
      <h1 className="mt-1 text-2xl font-semibold sm:text-3xl">Upcoming events</h1>
      {events.length === 0 ? (
        <p className="mt-6 text-slate-700">{org.name} has no upcoming events right now. Come back soon.</p>
      ) : (
        <ul className="mt-6 space-y-3">
          {events.map((e) => (
            <li key={e.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <a href={`/e/${encodeURIComponent(e.slug)}`} className="text-lg font-medium text-brand-700 underline-offset-2 hover:underline">{e.title}</a>
              <p className="mt-1 text-sm text-slate-700">{whenAndWhere(e)}</p>
              <p className="mt-1 text-sm text-slate-600">{e.placesLeft > 0 ? `${e.placesLeft} places left` : "Sold out"}</p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
