import Link from "next/link";
import { requireMember } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listEvents } from "@/lib/domain/events/queries";
import { formatInZone } from "@/lib/domain/time";
import { Badge } from "@/components/ui/badge";

export const metadata = { title: "Events" };

export default async function EventsPage() {
  const member = await requireMember();
  const events = await listEvents(db(), member.orgId);
  return (
    <div>
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Events</h1>
        <Link href="/events/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          New event
        </Link>
      </div>
      {events.length === 0 ? (
        <p className="mt-8 text-slate-600">No events yet. Create one to start selling tickets.</p>
      ) : (
        <table className="mt-6 w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th className="px-4 py-2">Event</th>
              <th className="px-4 py-2">Starts</th>
              <th className="px-4 py-2">Status</th>
              <th className="px-4 py-2 text-right">Taken</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} className="border-t border-slate-100">
                <td className="px-4 py-2">
                  <Link href={`/events/${e.id}`} className="font-medium text-brand-700 hover:underline">{e.title}</Link>
                </td>
                <td className="px-4 py-2">{formatInZone(e.starts_at, e.time_zone)} <span className="text-slate-500">({e.time_zone})</span></td>
                <td className="px-4 py-2"><Badge value={e.status} /></td>
                <td className="px-4 py-2 text-right">{Number(e.taken ?? 0)} / {e.capacity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
