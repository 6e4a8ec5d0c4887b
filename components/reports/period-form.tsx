// The period (and, on the organization's report, the event) a report covers: a
// plain GET form, so every report has a URL that can be bookmarked and shared.
import type { FieldErrors } from "@/lib/domain/errors";
import type { Period } from "@/lib/reports/period";
import { Field } from "@/components/ui/field";

interface Props {
  period: Period;
  errors: FieldErrors;
  /** The organization's events to narrow to; absent on an event's own report. */
  events?: Array<{ id: string; title: string }>;
  eventId?: string;
}

export function PeriodForm({ period, errors, events, eventId }: Props) {
  return (
    <form method="get" aria-label="Report period" className="mt-4 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4">
      <Field name="from" label="From (UTC day)" errors={errors.from}>
        {(p) => <input type="date" defaultValue={period.from} {...p} />}
      </Field>
      <Field name="to" label="To (UTC day, included)" errors={errors.to}>
        {(p) => <input type="date" defaultValue={period.to} {...p} />}
      </Field>
      {events ? (
        <Field name="eventId" label="Event" errors={errors.eventId}>
          {(p) => (
            <select defaultValue={eventId ?? ""} {...p}>
              <option value="">All events</option>
              {events.map((e) => <option key={e.id} value={e.id}>{e.title}</option>)}
            </select>
          )}
        </Field>
      ) : null}
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">Show</button>
    </form>
  );
}
