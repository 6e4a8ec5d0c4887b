// Zoom's REST API under /zoom/v2/: the signed-in user and the user's meetings
// (list, create, get, update, delete), with Zoom's status codes and error bodies.
import type { Ctx } from "../core/context";
import { bearerToken } from "../core/context";
import { pick, randomToken } from "../core/ids";
import { record } from "../core/record";
import { sendEmpty, sendJson } from "../core/respond";
import { apiError } from "./errors";
import { createMeetingInput, outcomeOf, updateMeetingInput } from "./inputs";
import { meetingDeletedBody, notify } from "./notify";
import { ZOOM_STATE, type Meeting, type ZoomState } from "./state";
import { ZOOM_TOKENS } from "./tokens";

/** The scope each operation needs (Zoom's granular scopes). */
const NEEDS: Record<string, string> = {
  "users.me": "user:read:user",
  "meetings.list": "meeting:read:list_meetings",
  "meetings.get": "meeting:read:meeting",
  "meetings.create": "meeting:write:meeting",
  "meetings.update": "meeting:update:meeting",
  "meetings.delete": "meeting:delete:meeting",
};

export function meetingView(ctx: Ctx, m: Meeting) {
  return {
    uuid: m.uuid,
    id: m.id,
    host_id: m.hostId,
    host_email: ZOOM_STATE.of(ctx.rt).user.email,
    topic: m.topic,
    type: m.type,
    status: "waiting",
    start_time: m.startTime,
    duration: m.duration,
    timezone: m.timezone,
    agenda: m.agenda,
    created_at: m.createdAt,
    start_url: `${ctx.rt.url}/zoom/s/${m.id}`,
    join_url: m.joinUrl,
    password: m.password,
    settings: { waiting_room: m.waitingRoom },
  };
}

/** "2030-06-01T07:00:00Z", as Zoom writes times. */
function zoomTime(s: string | undefined, now: number): string {
  if (!s) return new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z");
  return s.endsWith("Z") ? s : `${s}Z`;
}

function authorized(ctx: Ctx, state: ZoomState, operation: string): boolean {
  record(ctx, `zoom ${operation}`);
  const grant = ZOOM_TOKENS.grantForAccessToken(state, bearerToken(ctx), ctx.rt.clock.now());
  if (!grant) {
    apiError(ctx, 401, 124, "Invalid access token.");
    return false;
  }
  const scope = NEEDS[operation]!;
  if (!grant.scopes.includes(scope)) {
    apiError(ctx, 400, 4711, `Invalid access token, does not contain scopes:[${scope}].`);
    return false;
  }
  return true;
}

function invalid(ctx: Ctx, operation: string, result: Parameters<typeof outcomeOf>[0]): boolean {
  const outcome = outcomeOf(result);
  record(ctx, `zoom ${operation}`, outcome);
  if (!outcome.issues.length) return false;
  apiError(ctx, 400, 300, "Validation Failed.", { errors: outcome.issues.map((i) => ({ field: i.path, message: i.message })) });
  return true;
}

function live(state: ZoomState, id: string): Meeting | undefined {
  const m = /^\d{9,12}$/.test(id) ? state.meetings.get(Number(id)) : undefined;
  return m && !m.deleted ? m : undefined;
}

function body(ctx: Ctx): unknown {
  return ctx.body.kind === "json" ? ctx.body.value : undefined;
}

export async function handleApi(ctx: Ctx, path: string): Promise<void> {
  const state = ZOOM_STATE.of(ctx.rt);
  const now = ctx.rt.clock.now();
  if (path === "users/me" && ctx.method === "GET") {
    if (!authorized(ctx, state, "users.me")) return;
    const u = state.user;
    return sendJson(ctx, 200, { id: u.id, first_name: u.firstName, last_name: u.lastName, display_name: `${u.firstName} ${u.lastName}`, email: u.email, type: 2, timezone: u.timezone, account_id: u.accountId, status: "active" });
  }
  if (path === "users/me/meetings" && ctx.method === "GET") {
    if (!authorized(ctx, state, "meetings.list")) return;
    const meetings = [...state.meetings.values()].filter((m) => !m.deleted);
    return sendJson(ctx, 200, { page_size: 300, total_records: meetings.length, next_page_token: "", meetings: meetings.map((m) => meetingView(ctx, m)) });
  }
  if (path === "users/me/meetings" && ctx.method === "POST") {
    if (!authorized(ctx, state, "meetings.create")) return;
    const input = createMeetingInput.safeParse(body(ctx) ?? {});
    if (invalid(ctx, "meetings.create", input) || !input.success) return;
    const v = input.data;
    const id = Number(`8${pick("0123456789", 10)}`);
    const m: Meeting = {
      id,
      uuid: `${randomToken(16)}==`,
      hostId: state.user.id,
      topic: v.topic ?? "Zoom meeting",
      type: v.type ?? 2,
      startTime: zoomTime(v.start_time, now),
      duration: v.duration ?? 60,
      timezone: v.timezone ?? state.user.timezone,
      agenda: v.agenda ?? "",
      password: v.password ?? "",
      waitingRoom: v.settings?.waiting_room ?? false,
      joinUrl: `${ctx.rt.url}/zoom/j/${id}${v.password ? `?pwd=${Buffer.from(v.password).toString("base64url")}` : ""}`,
      createdAt: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
      deleted: null,
    };
    state.meetings.set(id, m);
    return sendJson(ctx, 201, meetingView(ctx, m));
  }
  const one = path.match(/^meetings\/([^/]+)$/);
  if (one) {
    const operation = ctx.method === "GET" ? "meetings.get" : ctx.method === "PATCH" ? "meetings.update" : ctx.method === "DELETE" ? "meetings.delete" : null;
    if (!operation) {
      record(ctx, null);
      return apiError(ctx, 405, 405, "Method not allowed.");
    }
    if (!authorized(ctx, state, operation)) return;
    const m = live(state, one[1]!);
    if (!m) return apiError(ctx, 404, 3001, `Meeting does not exist: ${one[1]}.`);
    if (ctx.method === "GET") return sendJson(ctx, 200, meetingView(ctx, m));
    if (ctx.method === "PATCH") {
      const input = updateMeetingInput.safeParse(body(ctx) ?? {});
      if (invalid(ctx, operation, input) || !input.success) return;
      const v = input.data;
      if (v.topic !== undefined) m.topic = v.topic;
      if (v.start_time !== undefined) m.startTime = zoomTime(v.start_time, now);
      if (v.duration !== undefined) m.duration = v.duration;
      if (v.timezone !== undefined) m.timezone = v.timezone;
      if (v.agenda !== undefined) m.agenda = v.agenda;
      if (v.password !== undefined) m.password = v.password;
      if (v.settings?.waiting_room !== undefined) m.waitingRoom = v.settings.waiting_room;
      return sendEmpty(ctx, 204);
    }
    m.deleted = { at: new Date(now).toISOString(), by: "api" };
    sendEmpty(ctx, 204);
    // Zoom tells the app of every deletion, its own included, after answering.
    if (state.app.webhookUrl) void notify(ctx.rt, state, { event: "meeting.deleted", body: meetingDeletedBody(state, m, Date.now()) }).catch(() => undefined);
    return;
  }
  record(ctx, null);
  apiError(ctx, 404, 404, "Not found.");
}

/** Deletes a meeting as a person would in Zoom's web portal, and tells the app. */
export async function deleteByHand(ctx: Ctx, id: number) {
  const state = ZOOM_STATE.of(ctx.rt);
  const m = state.meetings.get(id);
  if (!m || m.deleted) return null;
  m.deleted = { at: new Date(ctx.rt.clock.now()).toISOString(), by: "hand" };
  return state.app.webhookUrl ? notify(ctx.rt, state, { event: "meeting.deleted", body: meetingDeletedBody(state, m, Date.now()) }) : undefined;
}
