// The Zoom meeting of an online event: created when it is published, changed
// when it changes, deleted when it is cancelled or no longer online. Zoom takes
// no id of ours, so a marker is saved before creating: a retry that finds the
// marker without a meeting id (the first answer was lost) looks for the meeting
// among the user's own, by the event's URL in its agenda, instead of creating a
// second one.
import { createHash, randomInt } from "node:crypto";
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import { findMeeting, forgetMeeting, recordMeeting } from "@/lib/meetings/store";
import { ProviderCallError } from "../contract";
import { findExternal, saveExternal } from "../external-objects";
import { zoomRequest } from "./client";
import { zoomEndpoints } from "./endpoints";
import type { ZoomContext } from "./manifest";

export const MEETING_KIND = "zoom_meeting";

/** What Zoom answers for a meeting (the fields we read). */
export interface ZoomMeeting {
  id: number;
  topic: string;
  join_url: string;
  agenda?: string;
  password?: string;
}

interface Marker {
  /** Saved before the create call; cleared once the meeting id is known. */
  pending?: boolean;
  /** Set before the delete call ("requested"), so the meeting.deleted Zoom sends for it is known as ours; "done" once Zoom confirmed. */
  deleted?: "requested" | "done";
  /** What was last sent, so an unchanged event costs no call. */
  sent?: string;
}

const PASSCODE_CHARS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** Zoom passcodes: at most 10 characters of letters, digits and @ - _ *. */
export function generatePasscode(): string {
  return Array.from({ length: 10 }, () => PASSCODE_CHARS[randomInt(PASSCODE_CHARS.length)]).join("");
}

/** Whole minutes from start to end: the meeting lasts as long as the event. */
export function durationMinutes(ev: EventSnapshot): number {
  return Math.max(1, Math.round((Date.parse(ev.endsAt) - Date.parse(ev.startsAt)) / 60_000));
}

function agenda(ev: EventSnapshot): string {
  // The event's URL is unique to it: it is how a lost create is found again.
  const details = `Details: ${ev.url}`;
  return [ev.description.slice(0, 2000 - details.length - 2), details].filter(Boolean).join("\n\n");
}

/** The fields we set, for create and update alike (Zoom's start_time in UTC with the event's zone). */
export function meetingBody(ev: EventSnapshot, ctx: ZoomContext) {
  return {
    topic: ev.title.slice(0, 200),
    type: 2,
    start_time: ev.startsAt.replace(/\.\d{3}Z$/, "Z"),
    duration: durationMinutes(ev),
    timezone: ev.timeZone,
    agenda: agenda(ev),
    settings: { waiting_room: ctx.settings.waitingRoom },
  };
}

const fingerprint = (body: unknown) => createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 16);

function api(ctx: ZoomContext, path: string): string {
  return `${zoomEndpoints(ctx.baseUrl).api}${path}`;
}

async function save(ctx: ZoomContext, ev: EventSnapshot, externalId: string, data: Marker): Promise<void> {
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: MEETING_KIND, localId: ev.id, externalId, data: data as Record<string, unknown> });
}

/** A meeting an earlier, interrupted attempt created: the user's scheduled meetings whose agenda names this event. */
async function lostMeeting(ctx: ZoomContext, ev: EventSnapshot, signal: AbortSignal): Promise<ZoomMeeting | undefined> {
  const list = await zoomRequest<{ meetings?: ZoomMeeting[] }>(api(ctx, "users/me/meetings?type=scheduled&page_size=300"), { method: "GET", accessToken: ctx.credentials.accessToken, signal });
  return (list.meetings ?? []).find((m) => m.agenda?.includes(`Details: ${ev.url}`));
}

async function create(ctx: ZoomContext, ev: EventSnapshot): Promise<void> {
  const body = meetingBody(ev, ctx);
  const known = await findExternal(ctx.db, ctx.connection.id, MEETING_KIND, ev.id);
  let meeting = known?.data.pending ? await ctx.call("meetings.list", (signal) => lostMeeting(ctx, ev, signal)) : undefined;
  if (!meeting) {
    await save(ctx, ev, "", { pending: true });
    const password = ctx.settings.passcode ? generatePasscode() : undefined;
    let attempt = 0;
    meeting = await ctx.call("meetings.create", async (signal) => {
      // The policy's retry after a timeout or a 5xx may follow a create Zoom did carry out.
      if (attempt++ > 0) {
        const lost = await lostMeeting(ctx, ev, signal);
        if (lost) return lost;
      }
      return zoomRequest<ZoomMeeting>(api(ctx, "users/me/meetings"), { method: "POST", accessToken: ctx.credentials.accessToken, body: { ...body, ...(password ? { password } : {}) }, signal });
    });
  }
  await save(ctx, ev, String(meeting.id), { sent: fingerprint(body) });
  await recordMeeting(ctx.db, { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, eventId: ev.id, providerMeetingId: String(meeting.id), joinUrl: meeting.join_url });
}

/**
 * Brings the event's meeting in line with the event: creates it once it is
 * published and online, changes it when it changes, deletes it when it is no
 * longer online. A meeting deleted by hand in Zoom stays missing (shown on the
 * event) until the event is made offline and online again.
 */
export async function syncMeeting(ctx: ZoomContext, ev: EventSnapshot): Promise<void> {
  if (!ev.online) return removeMeeting(ctx, ev);
  if (ev.status !== "published") return;
  const known = await findExternal(ctx.db, ctx.connection.id, MEETING_KIND, ev.id);
  if (!known || known.data.pending || known.data.deleted) return create(ctx, ev);
  const link = await findMeeting(ctx.db, ctx.connection.id, ev.id);
  if (link?.status === "missing") return;
  const body = meetingBody(ev, ctx);
  if (known.data.sent === fingerprint(body)) return;
  try {
    await ctx.call("meetings.update", (signal) => zoomRequest<void>(api(ctx, `meetings/${known.externalId}`), { method: "PATCH", accessToken: ctx.credentials.accessToken, body, signal }));
  } catch (err) {
    // Deleted in Zoom before its meeting.deleted reached us: the callback marks it missing.
    if (err instanceof ProviderCallError && err.failure.kind === "not_found") return;
    throw err;
  }
  await save(ctx, ev, known.externalId, { sent: fingerprint(body) });
}

/** Deletes the event's meeting, if it has one; already gone in Zoom is as good. */
export async function removeMeeting(ctx: ZoomContext, ev: EventSnapshot): Promise<void> {
  const known = await findExternal(ctx.db, ctx.connection.id, MEETING_KIND, ev.id);
  if (!known || known.data.pending || known.data.deleted === "done") return;
  await save(ctx, ev, known.externalId, { deleted: "requested" });
  try {
    await ctx.call("meetings.delete", (signal) => zoomRequest<void>(api(ctx, `meetings/${known.externalId}`), { method: "DELETE", accessToken: ctx.credentials.accessToken, signal }));
  } catch (err) {
    if (!(err instanceof ProviderCallError && err.failure.kind === "not_found")) throw err;
  }
  await save(ctx, ev, known.externalId, { deleted: "done" });
  await forgetMeeting(ctx.db, { connectionId: ctx.connection.id, eventId: ev.id });
}

/** Whether a meeting id is one we deleted ourselves (its meeting.deleted is expected, not news). */
export async function deletedByUs(ctx: ZoomContext, meetingId: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom("external_objects")
    .select("data")
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "=", MEETING_KIND)
    .where("external_id", "=", meetingId)
    .executeTakeFirst();
  return Boolean(row?.data.deleted);
}
