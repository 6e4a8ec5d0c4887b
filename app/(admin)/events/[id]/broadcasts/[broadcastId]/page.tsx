import Link from "next/link";
import { notFound } from "next/navigation";
import { BroadcastProgress } from "@/components/broadcasts/broadcast-progress";
import { requireAdmin } from "@/lib/auth/session";
import { broadcastStatus } from "@/lib/broadcasting/view";
import { db } from "@/lib/db/client";
import { getEvent } from "@/lib/domain/events/queries";
import { formatInZone } from "@/lib/domain/time";

export const metadata = { title: "Message to attendees" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function BroadcastPage({ params }: { params: Promise<{ id: string; broadcastId: string }> }) {
  const { id, broadcastId } = await params;
  const member = await requireAdmin();
  if (!UUID.test(id) || !UUID.test(broadcastId)) notFound();
  const status = await broadcastStatus(db(), member.orgId, broadcastId);
  if (!status || status.eventId !== id) notFound();
  const event = await getEvent(db(), member.orgId, id);
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/events/${id}`} className="text-brand-700 underline">← {event.title}</Link>
      </p>
      <div>
        <h1 className="text-2xl font-semibold">{status.subject || "Message to attendees"}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {status.label} · {status.audience} · started {formatInZone(new Date(status.createdAt), event.time_zone)} ({event.time_zone})
        </p>
        <blockquote className="mt-3 whitespace-pre-line rounded-md border-l-4 border-slate-300 bg-white px-4 py-2 text-sm text-slate-800">{status.text}</blockquote>
      </div>
      <BroadcastProgress initial={status} url={`/events/${id}/broadcasts/${broadcastId}/progress`} />
    </div>
  );
}
