// The Slack app's settings page and a person in the workspace, as control
// operations: set the app's Request URL (checked with url_verification, as
// Slack's settings page does), send an event (app_uninstalled, tokens_revoked…),
// type a slash command, press a button of a posted message. Each is signed with
// the app's signing secret (or deliberately not: signature "forged" or "stale").
import { bad, conflict, notFound, type ControlInput, type ControlResult, type ControlRoutes } from "../core/control";
import type { Ctx } from "../core/context";
import { randomToken } from "../core/ids";
import { callApp, triggerId } from "./app-calls";
import { slackId } from "./ids";
import { SLACK_STATE, type AppCall, type SignatureKind, type SlackState } from "./state";

const SIGNATURES: readonly SignatureKind[] = ["valid", "forged", "stale"];
/** Slack's legacy verification token, still sent in every body; apps should ignore it. */
const LEGACY_TOKEN = "sandbox-legacy-verification-token";

function signatureOf(input: ControlInput): SignatureKind | ControlResult {
  const s = input.signature ?? "valid";
  return SIGNATURES.includes(s as SignatureKind) ? (s as SignatureKind) : bad(`signature must be one of ${SIGNATURES.join(", ")}`);
}

const isResult = (v: unknown): v is ControlResult => typeof v === "object" && v !== null && "status" in v && "body" in v;

function view(call: AppCall) {
  return { id: call.id, kind: call.kind, what: call.what, status: call.status, error: call.error, answer: call.answer, signature: call.signature, durationMs: call.durationMs };
}

async function send(state: SlackState, run: () => Promise<AppCall>): Promise<ControlResult> {
  if (!state.app.requestUrl) return conflict('The app has no Request URL yet: POST /_sandbox/slack/app {"requestUrl": "<app>/api/webhooks/slack"}');
  return { status: 200, body: view(await run()) };
}

async function setApp(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = SLACK_STATE.of(ctx.rt);
  if (typeof input.requestUrl !== "string" || !/^https?:\/\//.test(input.requestUrl)) return bad("requestUrl must be an http(s) URL");
  const previous = state.app.requestUrl;
  state.app.requestUrl = input.requestUrl;
  const challenge = randomToken(24);
  const call = await callApp(ctx.rt, state, {
    kind: "url_verification",
    what: "url_verification",
    contentType: "application/json",
    body: () => JSON.stringify({ token: LEGACY_TOKEN, challenge, type: "url_verification" }),
  });
  let echoed: unknown;
  try {
    echoed = call.answer ? (JSON.parse(call.answer) as { challenge?: unknown }).challenge : undefined;
  } catch {
    echoed = call.answer;
  }
  if (call.status !== 200 || echoed !== challenge) {
    // As Slack's settings page: a URL that does not echo the challenge is not saved.
    state.app.requestUrl = previous;
    return conflict(`Your URL didn't respond with the value of the challenge parameter (answered ${call.status ?? call.error}).`);
  }
  return { status: 200, body: { requestUrl: state.app.requestUrl, verified: true } };
}

function eventEnvelope(state: SlackState, type: string, eventId: string, nowMs: number): Record<string, unknown> {
  const event: Record<string, unknown> = { type, event_ts: (nowMs / 1000).toFixed(6) };
  if (type === "tokens_revoked") event.tokens = { oauth: [], bot: [state.botUserId] };
  return {
    token: LEGACY_TOKEN,
    team_id: state.team.id,
    api_app_id: state.appId,
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(nowMs / 1000),
    authorizations: [{ team_id: state.team.id, user_id: state.botUserId, is_bot: true }],
  };
}

async function sendEvent(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = SLACK_STATE.of(ctx.rt);
  const signature = signatureOf(input);
  if (isResult(signature)) return signature;
  if (typeof input.type !== "string" || !/^[a-z_.]{3,60}$/.test(input.type)) return bad("type must be a Slack event type, e.g. app_uninstalled or tokens_revoked");
  if (input.eventId !== undefined && (typeof input.eventId !== "string" || !/^Ev[A-Z0-9]{6,20}$/.test(input.eventId))) return bad("eventId must look like Ev0123ABCD (to resend an event)");
  const type = input.type;
  const eventId = (input.eventId as string | undefined) ?? slackId("Ev");
  // Uninstalling and revoking take the bot's tokens away, as in Slack; a forged request changes nothing.
  if (signature === "valid" && (type === "app_uninstalled" || type === "tokens_revoked")) for (const t of state.tokens.values()) t.revoked = true;
  return send(state, () =>
    callApp(ctx.rt, state, { kind: "event", what: type, contentType: "application/json", signature, body: () => JSON.stringify(eventEnvelope(state, type, eventId, ctx.rt.clock.now())) }),
  );
}

function userOf(state: SlackState, input: ControlInput) {
  const id = typeof input.user === "string" ? input.user : state.installerId;
  return state.users.find((u) => u.id === id || u.name === id);
}

async function sendCommand(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = SLACK_STATE.of(ctx.rt);
  const signature = signatureOf(input);
  if (isResult(signature)) return signature;
  if (typeof input.command !== "string" || !/^\/[a-z0-9_-]{1,31}$/.test(input.command)) return bad("command must be a slash command, e.g. /events");
  const user = userOf(state, input);
  if (!user) return notFound(`no user ${String(input.user)}`);
  const channel = state.channels.find((c) => c.id === input.channel || c.name === (input.channel ?? "general"));
  if (!channel) return notFound(`no channel ${String(input.channel)}`);
  const command = input.command;
  const text = typeof input.text === "string" ? input.text : "";
  return send(state, () =>
    callApp(ctx.rt, state, {
      kind: "command",
      what: `${command}${text ? ` ${text}` : ""}`,
      contentType: "application/x-www-form-urlencoded",
      signature,
      withResponseUrl: true,
      body: (responseUrl) =>
        new URLSearchParams({
          token: LEGACY_TOKEN,
          team_id: state.team.id,
          team_domain: state.team.domain,
          channel_id: channel.id,
          channel_name: channel.name,
          user_id: user.id,
          user_name: user.name,
          command,
          text,
          api_app_id: state.appId,
          is_enterprise_install: "false",
          response_url: responseUrl ?? "",
          trigger_id: triggerId(ctx.rt),
        }).toString(),
    }),
  );
}

interface Button {
  type: string;
  action_id?: string;
  value?: string;
  text?: { text?: string };
}

async function click(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const state = SLACK_STATE.of(ctx.rt);
  const signature = signatureOf(input);
  if (isResult(signature)) return signature;
  const message = state.messages.find((m) => m.ts === input.ts);
  if (!message) return notFound(`no message with ts ${String(input.ts)}`);
  const user = userOf(state, input);
  if (!user) return notFound(`no user ${String(input.user)}`);
  const buttons = (message.blocks ?? []).flatMap((b) => {
    const block = b as { type?: string; block_id?: string; elements?: Button[] };
    return block.type === "actions" ? (block.elements ?? []).filter((e) => e.type === "button" && e.action_id).map((e) => ({ block: block.block_id ?? "", button: e })) : [];
  });
  // By the button's value or its text; the first button when neither is given.
  const found = buttons.find((b) => (input.value === undefined && input.text === undefined) || b.button.value === input.value || b.button.text?.text === input.text);
  if (!found) return notFound(`the message has no button ${String(input.value ?? input.text ?? "")} (it has: ${buttons.map((b) => b.button.text?.text).join(", ") || "none"})`);
  // A value to press that the message does not carry, as a tampered client would send it.
  const value = typeof input.overrideValue === "string" ? input.overrideValue : found.button.value;
  const channel = state.channels.find((c) => c.id === message.channel)!;
  const nowSec = (ctx.rt.clock.now() / 1000).toFixed(6);
  return send(state, () =>
    callApp(ctx.rt, state, {
      kind: "interaction",
      what: found.button.text?.text ?? found.button.action_id!,
      contentType: "application/x-www-form-urlencoded",
      signature,
      withResponseUrl: true,
      message: { channel: message.channel, ts: message.ts },
      body: (responseUrl) => {
        const payload = {
          type: "block_actions",
          user: { id: user.id, username: user.name, name: user.name, team_id: state.team.id },
          api_app_id: state.appId,
          token: LEGACY_TOKEN,
          container: { type: "message", message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
          trigger_id: triggerId(ctx.rt),
          team: { id: state.team.id, domain: state.team.domain },
          enterprise: null,
          is_enterprise_install: false,
          channel: { id: channel.id, name: channel.name },
          message: { type: "message", user: state.botUserId, bot_id: state.botId, ts: message.ts, text: message.text, blocks: message.blocks },
          state: { values: {} },
          response_url: responseUrl,
          actions: [{ type: "button", action_id: found.button.action_id, block_id: found.block, text: found.button.text, value, action_ts: nowSec }],
        };
        return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      },
    }),
  );
}

export const SLACK_CONTROL: ControlRoutes = {
  "/app": {
    POST: setApp,
    GET: (ctx) => {
      const { app } = SLACK_STATE.of(ctx.rt);
      return { status: 200, body: { requestUrl: app.requestUrl, calls: app.calls.map(view), responses: app.responses } };
    },
  },
  "/event": { POST: sendEvent },
  "/command": { POST: sendCommand },
  "/click": { POST: click },
};
