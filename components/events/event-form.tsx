"use client";
import { useActionState, useState } from "react";
import { CoverPicker, type CoverPickerProps } from "./cover-picker";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/http/errors";
import { FreeBusyWarning, useFreeBusy } from "./free-busy-warning";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

export function EventForm({
  action,
  initial,
  submitLabel,
  timeZones,
  languages,
  eventId,
  cover,
}: {
  action: Action;
  initial: Record<string, string>;
  submitLabel: string;
  timeZones: string[];
  languages: ReadonlyArray<{ value: string; label: string }>;
  /** The event being edited: its own calendar entry is not a conflict. */
  eventId?: string;
  /** An existing event's cover field (a new event gets its cover once it exists). */
  cover?: Omit<CoverPickerProps, "version" | "onVersion" | "eventId">;
}) {
  const [state, formAction] = useActionState(action, { ok: true, values: initial });
  const v = state.values ?? initial;
  const e = state.fieldErrors ?? {};
  // A cover change bumps the version outside this form; the newer of the two is the one to send.
  const [coverVersion, setCoverVersion] = useState<string>();
  const version = coverVersion && Number(coverVersion) > Number(v.version) ? coverVersion : v.version;
  const freeBusy = useFreeBusy(eventId);
  const timeChanged = (ev: React.FormEvent<HTMLFormElement>) => {
    const name = (ev.target as HTMLInputElement).name;
    if (name !== "startsAt" && name !== "endsAt" && name !== "timeZone") return;
    const fd = new FormData(ev.currentTarget);
    freeBusy.changed({ startsAt: String(fd.get("startsAt") ?? ""), endsAt: String(fd.get("endsAt") ?? ""), timeZone: String(fd.get("timeZone") ?? "") });
  };
  return (
    <form action={formAction} onChange={timeChanged} className="space-y-4" noValidate>
      <FormMessage message={state.message} ok={state.ok} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <Field name="title" label="Title" errors={e.title}>
        {(p) => <input {...p} defaultValue={v.title} key={`title-${v.title}`} />}
      </Field>
      <Field name="description" label="Description" errors={e.description}>
        {(p) => <textarea {...p} rows={4} defaultValue={v.description} key={`d-${v.description}`} />}
      </Field>
      {cover && eventId && version !== undefined ? <CoverPicker {...cover} eventId={eventId} version={version} onVersion={setCoverVersion} /> : null}
      <Field name="venue" label="Venue" errors={e.venue}>
        {(p) => <input {...p} defaultValue={v.venue} key={`venue-${v.venue}`} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="startsAt" label="Starts" errors={e.startsAt}>
          {(p) => <input {...p} type="datetime-local" defaultValue={v.startsAt} key={`s-${v.startsAt}`} />}
        </Field>
        <Field name="endsAt" label="Ends" errors={e.endsAt}>
          {(p) => <input {...p} type="datetime-local" defaultValue={v.endsAt} key={`e-${v.endsAt}`} />}
        </Field>
        <Field name="timeZone" label="Time zone" errors={e.timeZone}>
          {(p) => (
            <>
              <input {...p} list="time-zones" defaultValue={v.timeZone} key={`tz-${v.timeZone}`} />
              <datalist id="time-zones">{timeZones.map((tz) => <option key={tz} value={tz} />)}</datalist>
            </>
          )}
        </Field>
      </div>
      <FreeBusyWarning view={freeBusy.view} />
      <Field name="language" label="Language" errors={e.language} hint="What attendees read and hear: a phone call about the event is spoken in it.">
        {(p) => (
          <select {...p} defaultValue={v.language} key={`l-${v.language}`}>
            {languages.map((l) => (
              <option key={l.value} value={l.value}>{l.label}</option>
            ))}
          </select>
        )}
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="online" defaultChecked={v.online === "on"} key={`online-${v.online}`} />
        Online event (a meeting link is created by a connected meeting provider)
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="hackathon" defaultChecked={v.hackathon === "on"} key={`hackathon-${v.hackathon}`} />
        Hackathon (a connected code host makes a repository for it and invites participants)
      </label>
      <Field name="capacity" label="Capacity" errors={e.capacity} hint="The most people who can attend, across all ticket types.">
        {(p) => <input {...p} type="number" min={1} defaultValue={v.capacity} key={`c-${v.capacity}`} />}
      </Field>
      <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
