// The calendar entry of an event: created when it is published, updated when it
// changes, deleted when it is cancelled. Its id is derived from ours, so an
// insert whose answer was lost cannot create a second entry: the retry gets 409
// and updates the first.
import type { calendar_v3 } from "googleapis";
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import { ProviderCallError } from "../contract";
import { findExternal, saveExternal } from "../external-objects";
import { callOptions, calendarClient } from "./client";
import type { CalendarContext, CalendarSettings } from "./manifest";

type Ctx = CalendarContext;
export const ENTRY_KIND = "gcal_event";

/** Google event ids use base32hex (0-9, a-v); a UUID's hex digits are a subset. */
export function entryIdFor(eventId: string): string {
  return `sb${eventId.replace(/-/g, "")}`;
}

function body(ev: EventSnapshot, settings: CalendarSettings): calendar_v3.Schema$Event {
  return {
    summary: ev.title,
    // conferenceData speaks only of Google Meet, so another provider's link goes where people look.
    // Google attaches only Drive files to an entry, so the cover goes in as a link.
    description: [ev.description, ev.meetingUrl ? `Join online: ${ev.meetingUrl}` : "", `Tickets and details: ${ev.url}`, ev.coverImageUrl ? `Cover image: ${ev.coverImageUrl}` : ""].filter(Boolean).join("\n\n"),
    location: ev.meetingUrl || ev.venue || undefined,
    start: { dateTime: ev.startsAt, timeZone: ev.timeZone },
    end: { dateTime: ev.endsAt, timeZone: ev.timeZone },
    source: { title: "Switchboard", url: ev.url },
    status: ev.status === "cancelled" ? "cancelled" : "confirmed",
    reminders: { useDefault: false, overrides: settings.reminderMinutes.map((minutes) => ({ method: "popup", minutes })) },
  };
}

function api(ctx: Ctx) {
  return calendarClient(ctx.baseUrl, ctx.credentials.accessToken).events;
}

/** Writes the event onto its entry (creating it, or bringing back one deleted in the calendar); returns the entry's etag, kept as data.version so our own write is never read back as a change. */
export async function upsertEntry(ctx: Ctx, ev: EventSnapshot): Promise<string> {
  const known = await findExternal(ctx.db, ctx.connection.id, ENTRY_KIND, ev.id);
  const calendarId = (known?.data.calendarId as string | undefined) ?? ctx.settings.calendarId;
  const id = known?.externalId ?? entryIdFor(ev.id);
  const requestBody = body(ev, ctx.settings);
  const patch = () => ctx.call("events.patch", (signal) => api(ctx).patch({ calendarId, eventId: id, requestBody }, callOptions(ctx.baseUrl, signal)));
  let written;
  if (known && !known.data.deleted) {
    written = await patch();
  } else {
    try {
      written = await ctx.call("events.insert", (signal) => api(ctx).insert({ calendarId, requestBody: { ...requestBody, id } }, callOptions(ctx.baseUrl, signal)));
    } catch (err) {
      if (!(err instanceof ProviderCallError && err.failure.status === 409)) throw err;
      written = await patch();
    }
  }
  const version = written.data.etag ?? "";
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: ENTRY_KIND, localId: ev.id, externalId: id, data: { calendarId, version } });
  return version;
}

/** After a write of ours that is not the event itself (guests): its etag, so it is not read back as a change. */
async function keepVersion(ctx: Ctx, ev: EventSnapshot, known: { externalId: string; data: Record<string, unknown> }, etag: string | null | undefined): Promise<void> {
  if (!etag) return;
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: ENTRY_KIND, localId: ev.id, externalId: known.externalId, data: { ...known.data, version: etag } });
}

export async function deleteEntry(ctx: Ctx, ev: EventSnapshot): Promise<void> {
  const known = await findExternal(ctx.db, ctx.connection.id, ENTRY_KIND, ev.id);
  if (!known || known.data.deleted) return;
  const calendarId = String(known.data.calendarId ?? ctx.settings.calendarId);
  try {
    await ctx.call("events.delete", (signal) => api(ctx).delete({ calendarId, eventId: known.externalId, sendUpdates: "all" }, callOptions(ctx.baseUrl, signal)));
  } catch (err) {
    // Already gone (deleted by hand in Google, or by an earlier attempt): the goal is reached.
    if (!(err instanceof ProviderCallError && err.failure.kind === "not_found")) throw err;
  }
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: ENTRY_KIND, localId: ev.id, externalId: known.externalId, data: { calendarId, deleted: true } });
}

export async function addGuests(ctx: Ctx, ev: EventSnapshot, guests: Array<{ email: string; name: string }>): Promise<void> {
  const known = await findExternal(ctx.db, ctx.connection.id, ENTRY_KIND, ev.id);
  if (!known || known.data.deleted) return;
  const calendarId = String(known.data.calendarId ?? ctx.settings.calendarId);
  const current = await ctx.call("events.get", (signal) => api(ctx).get({ calendarId, eventId: known.externalId }, callOptions(ctx.baseUrl, signal)));
  const attendees = current.data.attendees ?? [];
  const have = new Set(attendees.map((a) => a.email?.toLowerCase()));
  const added = guests.filter((g) => !have.has(g.email.toLowerCase()));
  if (!added.length) return;
  const written = await ctx.call("events.patch", (signal) =>
    api(ctx).patch(
      { calendarId, eventId: known.externalId, sendUpdates: "all", requestBody: { attendees: [...attendees, ...added.map((g) => ({ email: g.email, displayName: g.name }))] } },
      callOptions(ctx.baseUrl, signal),
    ),
  );
  await keepVersion(ctx, ev, known, written.data.etag);
}

/** Takes people off the entry's guest list; Google tells them the invitation is withdrawn. */
export async function removeGuests(ctx: Ctx, ev: EventSnapshot, emails: string[]): Promise<void> {
  const known = await findExternal(ctx.db, ctx.connection.id, ENTRY_KIND, ev.id);
  if (!known || known.data.deleted) return;
  const calendarId = String(known.data.calendarId ?? ctx.settings.calendarId);
  const current = await ctx.call("events.get", (signal) => api(ctx).get({ calendarId, eventId: known.externalId }, callOptions(ctx.baseUrl, signal)));
  const attendees = current.data.attendees ?? [];
  const gone = new Set(emails.map((e) => e.toLowerCase()));
  const kept = attendees.filter((a) => !gone.has(a.email?.toLowerCase() ?? ""));
  // Already off the list (an earlier attempt, or removed by hand): nothing to send.
  if (kept.length === attendees.length) return;
  const written = await ctx.call("events.patch", (signal) =>
    api(ctx).patch({ calendarId, eventId: known.externalId, sendUpdates: "all", requestBody: { attendees: kept } }, callOptions(ctx.baseUrl, signal)),
  );
  await keepVersion(ctx, ev, known, written.data.etag);
}
