// One Slack workspace, as a freshly installed app would find it.
import { stateSlot } from "../core/state-slot";
export interface SlackUser {
  id: string;
  name: string;
  realName: string;
  email: string;
  isBot: boolean;
  isAdmin: boolean;
  tz: string;
}

export interface SlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  isGeneral: boolean;
  created: number;
  creator: string;
  members: Set<string>;
  topic: string;
  purpose: string;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
  blocks: unknown[] | null;
  attachments: unknown[] | null;
  threadTs: string | null;
  postedAt: string;
}

export interface SlackToken {
  token: string;
  scopes: string[];
  revoked: boolean;
}

export interface SlackAuthCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface SlackState {
  team: { id: string; name: string; domain: string };
  appId: string;
  botId: string;
  botUserId: string;
  /** The person who installs the app in the consent flow. */
  installerId: string;
  users: SlackUser[];
  channels: SlackChannel[];
  messages: SlackMessage[];
  tokens: Map<string, SlackToken>;
  codes: Map<string, SlackAuthCode>;
  /** Last message timestamp in microseconds: Slack's ts values never repeat within a workspace. */
  lastTsMicros: number;
  /** The installed app's settings and what Slack sent it: events, commands, interactions. */
  app: SlackAppSettings;
}

/** The sandbox app's signing secret; public on purpose, it only opens the local emulator. */
export const SANDBOX_SIGNING_SECRET = "sandbox-slack-signing-secret-0000";

export type SignatureKind = "valid" | "forged" | "stale";

export interface AppCall {
  id: number;
  at: string;
  kind: "url_verification" | "event" | "command" | "interaction";
  /** What was sent, in a person's words: "app_uninstalled", "/events", "Check in Dana". */
  what: string;
  url: string;
  body: string;
  signature: SignatureKind;
  status: number | null;
  error: string | null;
  durationMs: number;
  /** The app's answer, as Slack would read it (a command's reply, the challenge). */
  answer: string | null;
  /** Set for commands and interactions: where the app may post later. */
  responseUrl: string | null;
}

export interface ResponseUrlPost {
  callId: number;
  at: string;
  body: unknown;
}

export interface SlackAppSettings {
  /** Where events, slash commands and interactions go (one URL for all three); null until set. */
  requestUrl: string | null;
  signingSecret: string;
  calls: AppCall[];
  nextCallId: number;
  /** response_url token → the call it belongs to, and the message a button of which was pressed. */
  responseUrls: Map<string, { callId: number; channel: string | null; messageTs: string | null }>;
  responses: ResponseUrlPost[];
}

const BOT = "U0SANDB0T1";
const SAM = "U0SAM00001";

function channel(id: string, name: string, purpose: string, members: string[], opts: Partial<SlackChannel> = {}, created: number): SlackChannel {
  return { id, name, isPrivate: false, isArchived: false, isGeneral: false, created, creator: SAM, members: new Set(members), topic: "", purpose, ...opts };
}

export function seedSlack(nowMs: number): SlackState {
  const created = Math.floor(nowMs / 1000) - 30 * 24 * 3600;
  const everyone = [SAM, "U0ALEX0001", "U0BOLA0001", "U0CHARLIE1"];
  return {
    team: { id: "T0SANDBOX1", name: "Sandbox Workspace", domain: "sandbox-workspace" },
    appId: "A0SANDBOX1",
    botId: "B0SANDB0T1",
    botUserId: BOT,
    installerId: SAM,
    users: [
      { id: SAM, name: "sam", realName: "Sam Organizer", email: "sam@example.com", isBot: false, isAdmin: true, tz: "Europe/Zurich" },
      { id: "U0ALEX0001", name: "alex", realName: "Alex Attendee", email: "alex@example.com", isBot: false, isAdmin: false, tz: "Europe/London" },
      { id: "U0BOLA0001", name: "bola", realName: "Bola Speaker", email: "bola@example.com", isBot: false, isAdmin: false, tz: "Africa/Lagos" },
      { id: "U0CHARLIE1", name: "charlie", realName: "Charlie Volunteer", email: "charlie@example.com", isBot: false, isAdmin: false, tz: "America/New_York" },
      { id: BOT, name: "switchboard", realName: "Switchboard", email: "", isBot: true, isAdmin: false, tz: "UTC" },
    ],
    // The bot is in #general, #events and #staff (so a private channel shows up in its
    // lists), but not in #random: posting there is how not_in_channel is reached.
    channels: [
      channel("C0GENERAL1", "general", "Company-wide announcements", [...everyone, BOT], { isGeneral: true }, created),
      channel("C0EVENTS01", "events", "Everything about upcoming events", [SAM, "U0ALEX0001", BOT], {}, created),
      channel("C0RANDOM01", "random", "Non-work banter", everyone, {}, created),
      channel("C0STAFF001", "staff", "Organizers only", [SAM, "U0CHARLIE1", BOT], { isPrivate: true }, created),
    ],
    messages: [],
    tokens: new Map(),
    codes: new Map(),
    lastTsMicros: 0,
    app: { requestUrl: null, signingSecret: SANDBOX_SIGNING_SECRET, calls: [], nextCallId: 1, responseUrls: new Map(), responses: [] },
  };
}

export const SLACK_STATE = stateSlot("slack", seedSlack);
