// Add to calendar and share, as plain links (no widget scripts): lib/public-page/links.ts makes them.
import type { CalendarLinks, ShareLinks } from "@/lib/public-page/links";

const linkClass = "inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-800 hover:bg-slate-50";

export function EventLinks({ calendar, share }: { calendar: CalendarLinks; share: ShareLinks }) {
  return (
    <div className="mt-6 grid gap-4 sm:grid-cols-2">
      <section aria-labelledby="add-to-calendar">
        <h2 id="add-to-calendar" className="text-sm font-semibold text-slate-900">Add to calendar</h2>
        <ul className="mt-2 flex flex-wrap gap-2">
          <li><a className={linkClass} href={calendar.ics} download>Download .ics</a></li>
          <li><a className={linkClass} href={calendar.google} target="_blank" rel="noopener noreferrer">Google Calendar</a></li>
          <li><a className={linkClass} href={calendar.outlook} target="_blank" rel="noopener noreferrer">Outlook</a></li>
        </ul>
      </section>
      <section aria-labelledby="share">
        <h2 id="share" className="text-sm font-semibold text-slate-900">Share</h2>
        <ul className="mt-2 flex flex-wrap gap-2">
          <li><a className={linkClass} href={share.x} target="_blank" rel="noopener noreferrer">Share on X</a></li>
          <li><a className={linkClass} href={share.linkedin} target="_blank" rel="noopener noreferrer">Share on LinkedIn</a></li>
          <li><a className={linkClass} href={share.email}>Share by e-mail</a></li>
        </ul>
      </section>
    </div>
  );
}
