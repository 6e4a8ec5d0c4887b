// The door: scan or type ticket codes for one event and see at a glance who may come in.
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { getEvent } from "@/lib/domain/events/queries";
import { formatInZone } from "@/lib/domain/time";
import { checkInCounts } from "@/lib/tickets/lookup";
import { CheckInDesk } from "./check-in-desk";

export const metadata = { title: "Check-in" };

export default async function CheckInPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const member = await requireMember();
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const event = await getEvent(db(), member.orgId, id).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const counts = await checkInCounts(db(), member.orgId, id);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm"><Link href={`/events/${id}`} className="text-brand-700 underline">Back to {event.title}</Link></p>
        <h1 className="mt-1 text-2xl font-semibold">Check-in: {event.title}</h1>
        <p className="text-sm text-slate-600">{formatInZone(event.starts_at, event.time_zone)} ({event.time_zone}){event.venue ? ` · ${event.venue}` : ""}</p>
      </div>
      <CheckInDesk eventId={id} timeZone={event.time_zone} initialCounts={counts} />
    </div>
  );
}
