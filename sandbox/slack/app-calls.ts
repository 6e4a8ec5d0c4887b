// Slack calling the app: every Events API envelope, slash command and button
// press goes to the app's one Request URL (set in the app's settings, here the
// control API), signed as Slack signs them: X-Slack-Signature =
// v0=HMAC-SHA256(signing secret, "v0:<timestamp>:<raw body>"). What the app
// answered is kept, and so is what it later posts to a response_url.
import { createHmac } from "node:crypto";
import type { Runtime } from "../core/context";
import { randomToken } from "../core/ids";
import { keepLatest } from "../core/keep-latest";
import { postWebhook } from "../core/webhook-post";
import { slackId } from "./ids";
import type { AppCall, SignatureKind, SlackState } from "./state";

/** Slack waits 3 seconds for an answer. */
const TIMEOUT_MS = 3000;
const KEPT = 500;

export function sign(secret: string, timestamp: number, body: string): string {
  return "v0=" + createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
}

/** Posts one signed request to the app and records it with the answer. */
export async function callApp(
  rt: Runtime,
  state: SlackState,
  req: {
    kind: AppCall["kind"];
    what: string;
    contentType: string;
    signature?: SignatureKind;
    /** Commands and interactions carry a response_url; `body` gets it. */
    withResponseUrl?: boolean;
    /** The message whose button was pressed: a response_url post may replace it. */
    message?: { channel: string; ts: string };
    body: (responseUrl: string | null) => string;
  },
): Promise<AppCall> {
  const url = state.app.requestUrl;
  if (!url) throw new Error("The app has no Request URL yet: POST /_sandbox/slack/app {\"requestUrl\": …}");
  const signature = req.signature ?? "valid";
  // The receiver checks the timestamp against its own wall clock, so this is real time, not sandbox time.
  const nowSec = Math.floor(Date.now() / 1000);
  const timestamp = signature === "stale" ? nowSec - 10 * 60 : nowSec;
  const secret = signature === "forged" ? "not-the-app-signing-secret" : state.app.signingSecret;
  const id = state.app.nextCallId++;
  const responseUrl = req.withResponseUrl ? newResponseUrl(rt, state, id, req.message) : null;
  const body = req.body(responseUrl);
  const call: AppCall = {
    id,
    at: new Date(rt.clock.now()).toISOString(),
    kind: req.kind,
    what: req.what,
    url,
    body,
    signature,
    status: null,
    error: null,
    durationMs: 0,
    answer: null,
    responseUrl,
  };
  state.app.calls.push(call);
  keepLatest(state.app.calls, KEPT);
  const outcome = await postWebhook(rt, {
    url,
    timeoutMs: TIMEOUT_MS,
    keepAnswer: true,
    headers: {
      "Content-Type": req.contentType,
      "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      "X-Slack-Request-Timestamp": String(timestamp),
      "X-Slack-Signature": sign(secret, timestamp, body),
    },
    body,
  });
  Object.assign(call, { status: outcome.status, error: outcome.error, durationMs: outcome.durationMs, answer: outcome.answer ?? null });
  return call;
}

/** A response_url for one command or interaction: the app may post to it later. */
function newResponseUrl(rt: Runtime, state: SlackState, callId: number, message?: { channel: string; ts: string }): string {
  const token = randomToken(18);
  state.app.responseUrls.set(token, { callId, channel: message?.channel ?? null, messageTs: message?.ts ?? null });
  return `${rt.url}/slack/actions/${state.team.id}/${token}`;
}

/**
 * A post to a response_url: kept, and with replace_original the pressed message
 * takes its text and blocks. An ephemeral reply is seen only by the person who
 * pressed or typed, so it is kept but posted to no channel.
 */
export function recordResponse(rt: Runtime, state: SlackState, token: string, body: Record<string, unknown>): boolean {
  const target = state.app.responseUrls.get(token);
  if (!target) return false;
  state.app.responses.push({ callId: target.callId, at: new Date(rt.clock.now()).toISOString(), body });
  keepLatest(state.app.responses, KEPT);
  if (body.replace_original === true && target.messageTs) {
    const message = state.messages.find((m) => m.channel === target.channel && m.ts === target.messageTs);
    if (message) {
      if (typeof body.text === "string") message.text = body.text;
      if (Array.isArray(body.blocks)) message.blocks = body.blocks;
    }
  }
  return true;
}

/** Slack's trigger ids: unique per command or interaction. */
export const triggerId = (rt: Runtime) => `${rt.clock.now()}.${slackId("")}`;
