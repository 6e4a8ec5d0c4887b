// The Outlook entry of an event: created when it is published, changed when it
// changes, deleted when it is cancelled. Graph takes a transactionId on create
// and answers a repeat of it with the entry it already made, so a create whose
// answer was lost, retried by the policy or by a redelivery, never makes a
// second entry. An online event's entry can carry a Teams meeting, whose join
// link becomes the event's (lib/meetings).
import { createHash } from "node:crypto";
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import { instantToLocal } from "@/lib/domain/time";
import { forgetMeeting, recordMeeting } from "@/lib/meetings/store";
import { ProviderCallError } from "../contract";
import { findExternal, saveExternal, type ExternalRef } from "../external-objects";
import { chosenCalendarId, graph } from "./calendars";
import type { DateTimeTimeZone, GraphAttendee, GraphEvent } from "./graph-types";
import type { Microsoft365Context } from "./manifest";

type Ctx = Microsoft365Context;
export const ENTRY_KIND = "m365_event";

/** What we keep per entry (external_objects.data). */
export interface EntryRecord {
  calendarId: string;
  /** Graph's changeKey after our last write: a change carrying it is our own. */
  version?: string;
  deleted?: boolean;
  /** How often the entry was made again after it was deleted in Outlook: each remake is a new transaction. */
  generation?: number;
  /** What was last sent, so an unchanged event costs no call. */
  sent?: string;
  teams?: boolean;
}

/** Graph wants the wall time in the zone it is told, without an offset; it takes IANA names. */
export function dateTimeTimeZone(instant: string, timeZone: string): DateTimeTimeZone {
  return { dateTime: `${instantToLocal(new Date(instant), timeZone)}:00`, timeZone };
}

export function transactionIdFor(eventId: string, generation = 0): string {
  return generation ? `switchboard-${eventId}-${generation}` : `switchboard-${eventId}`;
}

const wantsTeams = (ctx: Ctx, ev: EventSnapshot) => Boolean(ev.online && ctx.settings.teamsMeetings);

/** The fields we own on the entry, for create and update alike. */
export function entryBody(ctx: Ctx, ev: EventSnapshot, teams: boolean) {
  // A Teams entry shows its own join button; another provider's link goes where people look.
  const link = ev.meetingUrl && !teams ? ev.meetingUrl : "";
  return {
    subject: ev.title,
    body: { contentType: "text", content: [ev.description, link ? `Join online: ${link}` : "", `Tickets and details: ${ev.url}`, ev.coverImageUrl ? `Cover image: ${ev.coverImageUrl}` : ""].filter(Boolean).join("\n\n") },
    start: dateTimeTimeZone(ev.startsAt, ev.timeZone),
    end: dateTimeTimeZone(ev.endsAt, ev.timeZone),
    location: { displayName: link || ev.venue || "" },
    isReminderOn: ctx.settings.reminderMinutes !== null,
    ...(ctx.settings.reminderMinutes !== null ? { reminderMinutesBeforeStart: ctx.settings.reminderMinutes } : {}),
    ...(teams ? { isOnlineMeeting: true, onlineMeetingProvider: "teamsForBusiness" } : {}),
  };
}

const fingerprint = (body: unknown) => createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 16);

async function save(ctx: Ctx, ev: EventSnapshot, entryId: string, data: EntryRecord): Promise<void> {
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: ENTRY_KIND, localId: ev.id, externalId: entryId, data: data as unknown as Record<string, unknown> });
}

export async function findEntry(ctx: Ctx, eventId: string): Promise<(ExternalRef & { data: EntryRecord }) | undefined> {
  return (await findExternal(ctx.db, ctx.connection.id, ENTRY_KIND, eventId)) as (ExternalRef & { data: EntryRecord }) | undefined;
}

/** Puts the entry's Teams link on the event, or takes it off when the entry has none. */
async function keepMeeting(ctx: Ctx, ev: EventSnapshot, entry: GraphEvent, teams: boolean): Promise<void> {
  const joinUrl = entry.onlineMeeting?.joinUrl;
  if (teams && joinUrl) {
    await recordMeeting(ctx.db, { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, eventId: ev.id, providerMeetingId: entry.id, joinUrl });
  } else if (!teams) {
    await forgetMeeting(ctx.db, { connectionId: ctx.connection.id, eventId: ev.id });
  }
}

async function create(ctx: Ctx, ev: EventSnapshot, calendarId: string, generation: number): Promise<GraphEvent> {
  const teams = wantsTeams(ctx, ev);
  const body = { ...entryBody(ctx, ev, teams), transactionId: transactionIdFor(ev.id, generation) };
  const entry = await ctx.call("events.create", (signal) => graph(ctx).api(`me/calendars/${encodeURIComponent(calendarId)}/events`).option("signal", signal).post(body) as Promise<GraphEvent>);
  await save(ctx, ev, entry.id, { calendarId, version: entry.changeKey, generation, sent: fingerprint(entryBody(ctx, ev, teams)), teams });
  await keepMeeting(ctx, ev, entry, teams);
  return entry;
}

/**
 * Brings the entry in line with the event: creates it on first publish, patches
 * what changed since our last write, and makes it again when it was deleted in
 * Outlook (`force`: the two-way sync puts an edited entry back even when the
 * event itself did not change). Returns the entry's new changeKey.
 */
export async function upsertEntry(ctx: Ctx, ev: EventSnapshot, opts: { force?: boolean } = {}): Promise<string | undefined> {
  const known = await findEntry(ctx, ev.id);
  if (!known || !known.externalId) return (await create(ctx, ev, await chosenCalendarId(ctx), 0)).changeKey;
  const generation = known.data.generation ?? 0;
  if (known.data.deleted) return (await create(ctx, ev, known.data.calendarId, generation + 1)).changeKey;
  const teams = wantsTeams(ctx, ev);
  const body = entryBody(ctx, ev, teams);
  if (!opts.force && known.data.sent === fingerprint(body)) return known.data.version;
  // Turning Teams off: Graph keeps a meeting once made unless told so.
  const patch = known.data.teams && !teams ? { ...body, isOnlineMeeting: false } : body;
  let entry: GraphEvent;
  try {
    entry = await ctx.call("events.update", (signal) => graph(ctx).api(`me/events/${encodeURIComponent(known.externalId)}`).option("signal", signal).patch(patch) as Promise<GraphEvent>);
  } catch (err) {
    // Deleted in Outlook since: made again as a new transaction.
    if (!(err instanceof ProviderCallError && err.failure.kind === "not_found")) throw err;
    return (await create(ctx, ev, known.data.calendarId, generation + 1)).changeKey;
  }
  await save(ctx, ev, entry.id, { ...known.data, version: entry.changeKey, sent: fingerprint(body), teams });
  await keepMeeting(ctx, ev, entry, teams);
  return entry.changeKey;
}

export async function deleteEntry(ctx: Ctx, ev: EventSnapshot): Promise<void> {
  const known = await findEntry(ctx, ev.id);
  if (!known || !known.externalId || known.data.deleted) return;
  try {
    await ctx.call("events.delete", (signal) => graph(ctx).api(`me/events/${encodeURIComponent(known.externalId)}`).option("signal", signal).delete() as Promise<void>);
  } catch (err) {
    // Already gone (deleted in Outlook, or by an earlier attempt): the goal is reached.
    if (!(err instanceof ProviderCallError && err.failure.kind === "not_found")) throw err;
  }
  await save(ctx, ev, known.externalId, { ...known.data, deleted: true, version: undefined });
  if (known.data.teams) await forgetMeeting(ctx.db, { connectionId: ctx.connection.id, eventId: ev.id });
}

async function attendeesOf(ctx: Ctx, entryId: string): Promise<GraphAttendee[]> {
  const current = await ctx.call("events.get", (signal) => graph(ctx).api(`me/events/${encodeURIComponent(entryId)}`).select("attendees").option("signal", signal).get() as Promise<GraphEvent>);
  return current.attendees ?? [];
}

async function patchAttendees(ctx: Ctx, ev: EventSnapshot, known: ExternalRef & { data: EntryRecord }, attendees: GraphAttendee[]): Promise<void> {
  const entry = await ctx.call("events.update", (signal) => graph(ctx).api(`me/events/${encodeURIComponent(known.externalId)}`).option("signal", signal).patch({ attendees }) as Promise<GraphEvent>);
  await save(ctx, ev, known.externalId, { ...known.data, version: entry.changeKey });
}

/** Adds people to the entry's attendees; Outlook sends them the invitation. */
export async function addGuests(ctx: Ctx, ev: EventSnapshot, guests: Array<{ email: string; name: string }>): Promise<void> {
  const known = await findEntry(ctx, ev.id);
  if (!known || !known.externalId || known.data.deleted) return;
  const attendees = await attendeesOf(ctx, known.externalId);
  const have = new Set(attendees.map((a) => a.emailAddress.address.toLowerCase()));
  const added = guests.filter((g) => !have.has(g.email.toLowerCase()));
  if (!added.length) return;
  await patchAttendees(ctx, ev, known, [...attendees, ...added.map((g) => ({ emailAddress: { address: g.email, name: g.name }, type: "required" as const }))]);
}

/** Takes people off the entry's attendees; Outlook tells them. */
export async function removeGuests(ctx: Ctx, ev: EventSnapshot, emails: string[]): Promise<void> {
  const known = await findEntry(ctx, ev.id);
  if (!known || !known.externalId || known.data.deleted) return;
  const attendees = await attendeesOf(ctx, known.externalId);
  const gone = new Set(emails.map((e) => e.toLowerCase()));
  const kept = attendees.filter((a) => !gone.has(a.emailAddress.address.toLowerCase()));
  if (kept.length === attendees.length) return;
  await patchAttendees(ctx, ev, known, kept);
}
