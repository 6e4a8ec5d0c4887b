// An attendee's materials page, opened from the link in their e-mail. The link
// is checked, and the attendee's ticket with it, every time; each file gets a
// download link that works for a few minutes only, so a forwarded page goes
// stale quickly.
import type { Metadata } from "next";
import { db } from "@/lib/db/client";
import { describeTypes } from "@/lib/files/content-type";
import { formatBytes } from "@/lib/files/limits";
import { fileLink } from "@/lib/integrations/storage/links";
import { openMaterials } from "@/lib/materials/open";
import { appKeyring } from "@/lib/vault/app-keyring";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Event materials", robots: { index: false, follow: false }, referrer: "no-referrer" };

const DOWNLOAD_SECONDS = 10 * 60;

export default async function MaterialsPage({ params }: { params: Promise<{ slug: string; token: string }> }) {
  const { slug, token } = await params;
  const access = await openMaterials(db(), appKeyring(), slug, token);
  if (!access.ok) {
    return (
      <main className="mx-auto max-w-2xl px-6 py-12">
        <h1 className="text-2xl font-semibold">Event materials</h1>
        <p role="alert" className="mt-6 rounded-md bg-red-50 px-4 py-3 text-red-800" data-testid="materials-refused">{access.message}</p>
      </main>
    );
  }
  const files = await Promise.all(
    access.materials.map(async (m) => ({ file: m, url: await fileLink(db(), appKeyring(), m, { expiresInSeconds: DOWNLOAD_SECONDS, download: true }).catch(() => null) })),
  );
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <p className="text-sm text-slate-500">Materials for {access.attendee.name}</p>
      <h1 className="mt-1 text-2xl font-semibold">{access.event.title}</h1>
      {files.length === 0 ? (
        <p className="mt-6 text-slate-700">The organizer has not shared any files yet. You get an e-mail when they do.</p>
      ) : (
        <ul className="mt-6 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="materials-list">
          {files.map(({ file, url }) => (
            <li key={file.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
              <span className="break-all">
                {file.filename} <span className="text-slate-500">· {describeTypes([file.content_type])} · {formatBytes(Number(file.size_bytes))}</span>
              </span>
              {url ? (
                <a href={url} className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700" rel="noreferrer">Download</a>
              ) : (
                <span className="text-amber-800">Unavailable right now; reload in a few minutes.</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-4 text-xs text-slate-500">Download links on this page last 10 minutes; reload the page for fresh ones.</p>
    </main>
  );
}
