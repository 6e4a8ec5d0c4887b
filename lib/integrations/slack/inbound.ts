// Slack's calls to the app's one Request URL (/api/webhooks/slack): Events API
// envelopes, slash commands and button presses, all signed with the app's
// signing secret. The workspace (team_id) says which connection a call is for;
// the URL check (url_verification) is answered for the app itself.
import type { InboundCapability, InboundRequest, VerifiedCallback } from "../contract/inbound";
import { ignored, processed } from "../contract/inbound";
import { markNeedsAttention } from "../connections/repository";
import { processInteraction } from "./actions";
import { answerCommand } from "./commands";
import type { SlackContext } from "./manifest";
import { parseSlackRequest, teamOf, type EventEnvelope, type Interaction } from "./requests";
import { knownSigningSecrets, signingSecretFor, verifySlackSignature } from "./signing";

const UNINSTALLED = "The Slack app was uninstalled from the workspace; reconnect Slack to install it again.";
const REVOKED = "Slack revoked the bot's token; reconnect Slack to grant it again.";

/** Stored payloads keep nothing secret: the legacy verification token is dropped. */
function withoutToken<T extends object>(o: T): T {
  const rest = { ...o } as Record<string, unknown>;
  delete rest.token;
  return rest as T;
}

function verify(req: InboundRequest, ctx: SlackContext): Promise<VerifiedCallback> {
  const secret = signingSecretFor(ctx.connection.mode);
  if (!secret) throw new Error(ctx.connection.mode === "live" ? "SLACK_SIGNING_SECRET is not set: live Slack requests cannot be verified" : "The sandbox is off: sandbox Slack requests are not accepted");
  verifySlackSignature(req.rawBody, req.headers, [secret]);
  const parsed = parseSlackRequest(req);
  if (!parsed) throw new Error("Not a Slack event, command or interaction");
  // The signature is the app's, so the workspace named inside must be this connection's.
  if (!ctx.connection.externalAccountId || teamOf(parsed) !== ctx.connection.externalAccountId) throw new Error("Signed for another workspace");
  if (parsed.kind === "event") {
    if (!parsed.body.event_id) throw new Error("Event without event_id");
    return Promise.resolve({ externalId: parsed.body.event_id, type: parsed.body.event?.type ?? parsed.body.type, payload: withoutToken(parsed.body) });
  }
  if (parsed.kind === "command") {
    const id = parsed.fields.trigger_id;
    if (!id) throw new Error("Command without trigger_id");
    return Promise.resolve({ externalId: `command:${id}`, type: `command ${parsed.fields.command}`, payload: { ...withoutToken(parsed.fields), kind: "command" } });
  }
  const id = parsed.payload.trigger_id ?? parsed.payload.actions?.[0]?.action_ts;
  if (!id) throw new Error("Interaction without trigger_id");
  return Promise.resolve({ externalId: `interaction:${id}`, type: parsed.payload.type, payload: { kind: "interaction", payload: withoutToken(parsed.payload) } });
}

type Stored = EventEnvelope | { kind: "command" } | { kind: "interaction"; payload: Interaction };

export const slackInbound: InboundCapability<SlackContext> = {
  connectionFor(req) {
    const parsed = parseSlackRequest(req);
    return parsed ? teamOf(parsed) : undefined;
  },
  async handshake(req) {
    const parsed = parseSlackRequest(req);
    if (parsed?.kind !== "event" || parsed.body.type !== "url_verification") return undefined;
    verifySlackSignature(req.rawBody, req.headers, knownSigningSecrets());
    return { status: 200, contentType: "application/json", body: JSON.stringify({ challenge: String(parsed.body.challenge ?? "") }) };
  },
  verify,
  async respond(callback, ctx) {
    const p = callback.payload as Stored;
    if ("kind" in p && p.kind === "command") return answerCommand(p as unknown as Record<string, string>, ctx);
    // A button press is acknowledged with an empty 200; its outcome follows on the response_url.
    if ("kind" in p && p.kind === "interaction") return { status: 200, contentType: "text/plain", body: "" };
    return undefined;
  },
  async process(payload, ctx) {
    const p = payload as Stored;
    if ("kind" in p && p.kind === "command") return ignored("Answered when received");
    if ("kind" in p && p.kind === "interaction") return processInteraction(p.payload, ctx);
    const event = (p as EventEnvelope).event;
    if (event?.type === "app_uninstalled") {
      return processed((await markNeedsAttention(ctx.db, ctx.connection.id, UNINSTALLED)) ? "Marked the connection as needing attention" : "The connection was not active");
    }
    if (event?.type === "tokens_revoked") {
      // We hold only the bot token; revoked user tokens are not ours.
      if (!event.tokens?.bot?.length) return ignored("Only user tokens were revoked");
      return processed((await markNeedsAttention(ctx.db, ctx.connection.id, REVOKED)) ? "Marked the connection as needing attention" : "The connection was not active");
    }
    return ignored(`Slack event ${event?.type ?? "unknown"} is not used`);
  },
  keptHeaders: ["x-slack-request-timestamp", "x-slack-signature", "x-slack-retry-num", "x-slack-retry-reason"],
};
