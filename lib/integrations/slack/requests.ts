// What Slack posts to the app's Request URL, told apart by shape: Events API
// envelopes are JSON; slash commands are form fields; interactions (a button
// clicked) are one form field, `payload`, holding JSON.
import type { InboundRequest } from "../contract/inbound";

export interface EventEnvelope {
  type: string;
  team_id?: string;
  api_app_id?: string;
  event_id?: string;
  event?: { type?: string; tokens?: { oauth?: string[]; bot?: string[] } };
  challenge?: string;
}

export type SlackRequest =
  | { kind: "event"; body: EventEnvelope }
  | { kind: "command"; fields: Record<string, string> }
  | { kind: "interaction"; payload: Interaction };

export interface Interaction {
  type: string;
  team?: { id?: string } | null;
  user?: { id?: string; team_id?: string; name?: string };
  trigger_id?: string;
  response_url?: string;
  actions?: Array<{ action_id?: string; value?: string; action_ts?: string }>;
  message?: { ts?: string; text?: string; blocks?: Array<Record<string, unknown>> };
  container?: { channel_id?: string };
}

/** Undefined for anything that is none of the three (it fails verification). */
export function parseSlackRequest(req: Pick<InboundRequest, "rawBody" | "headers">): SlackRequest | undefined {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  try {
    if (type === "application/json") {
      const body = JSON.parse(req.rawBody) as EventEnvelope;
      return body && typeof body === "object" && typeof body.type === "string" ? { kind: "event", body } : undefined;
    }
    if (type === "application/x-www-form-urlencoded") {
      const fields = Object.fromEntries(new URLSearchParams(req.rawBody));
      if (typeof fields.payload === "string") {
        const payload = JSON.parse(fields.payload) as Interaction;
        return payload && typeof payload === "object" && typeof payload.type === "string" ? { kind: "interaction", payload } : undefined;
      }
      if (typeof fields.command === "string") return { kind: "command", fields };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The workspace a request says it comes from. */
export function teamOf(r: SlackRequest): string | undefined {
  if (r.kind === "event") return r.body.team_id;
  if (r.kind === "command") return r.fields.team_id;
  return r.payload.team?.id ?? r.payload.user?.team_id;
}
