// Zoom's app settings and a person in Zoom's web portal, as control operations:
// set the app's event notification endpoint (validated with
// endpoint.url_validation, as Zoom's settings page does), delete a meeting by
// hand (Zoom then sends meeting.deleted), and send a notification again or
// deliberately badly signed ("forged", "stale") to see how the app answers.
import { createHmac, randomBytes } from "node:crypto";
import { bad, conflict, notFound, type ControlInput, type ControlResult, type ControlRoutes } from "../core/control";
import type { Ctx } from "../core/context";
import { deleteByHand } from "./api";
import { meetingDeletedBody, notify } from "./notify";
import { ZOOM_STATE, type Notification, type SignatureKind } from "./state";

const SIGNATURES: readonly SignatureKind[] = ["valid", "forged", "stale"];

function view(n: Notification) {
  return { id: n.id, at: n.at, event: n.event, url: n.url, signature: n.signature, status: n.status, error: n.error, answer: n.answer, body: n.body };
}

async function setApp(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = ZOOM_STATE.of(ctx.rt);
  if (typeof input.webhookUrl !== "string" || !/^https?:\/\//.test(input.webhookUrl)) return bad("webhookUrl must be an http(s) URL");
  const plainToken = randomBytes(16).toString("base64url");
  const body = JSON.stringify({ payload: { plainToken }, event_ts: Date.now(), event: "endpoint.url_validation" });
  const n = await notify(ctx.rt, state, { url: input.webhookUrl, event: "endpoint.url_validation", body });
  let answer: { plainToken?: unknown; encryptedToken?: unknown } = {};
  try {
    answer = JSON.parse(n.answer ?? "{}") as typeof answer;
  } catch {
    // Not JSON: not validated.
  }
  const expected = createHmac("sha256", state.app.secretToken).update(plainToken).digest("hex");
  if (n.status !== 200 || answer.plainToken !== plainToken || answer.encryptedToken !== expected) {
    return conflict(`URL validation failed: the endpoint answered ${n.status ?? n.error} without the expected plainToken and encryptedToken.`);
  }
  state.app.webhookUrl = input.webhookUrl;
  return { status: 200, body: { webhookUrl: state.app.webhookUrl, validated: true } };
}

async function deleteMeeting(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const id = Number(input.id);
  if (!Number.isSafeInteger(id)) return bad("id must be a meeting id (a number)");
  const sent = await deleteByHand(ctx, id);
  if (sent === null) return notFound(`No meeting ${id} to delete`);
  return { status: 200, body: { deleted: id, notification: sent ? view(sent) : null } };
}

/** Sends meeting.deleted for a meeting again (`eventTs` to repeat one exactly), signed as asked. */
async function resend(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = ZOOM_STATE.of(ctx.rt);
  if (!state.app.webhookUrl) return conflict('The app has no event notification endpoint yet: POST /_sandbox/zoom/app {"webhookUrl": "<app>/api/webhooks/zoom"}');
  const signature = (input.signature ?? "valid") as SignatureKind;
  if (!SIGNATURES.includes(signature)) return bad(`signature must be one of ${SIGNATURES.join(", ")}`);
  const m = state.meetings.get(Number(input.id));
  if (!m) return notFound(`No meeting ${String(input.id)}`);
  const eventTs = typeof input.eventTs === "number" ? input.eventTs : Date.now();
  const n = await notify(ctx.rt, state, { event: "meeting.deleted", body: meetingDeletedBody(state, m, eventTs), signature });
  return { status: 200, body: view(n) };
}

export const ZOOM_CONTROL: ControlRoutes = {
  "/app": {
    POST: setApp,
    GET: (ctx) => {
      const { app } = ZOOM_STATE.of(ctx.rt);
      return { status: 200, body: { webhookUrl: app.webhookUrl, notifications: app.notifications.map(view) } };
    },
  },
  "/meetings/delete": { POST: deleteMeeting },
  "/notify": { POST: resend },
};
