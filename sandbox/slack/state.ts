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
  };
}

export const SLACK_STATE = stateSlot("slack", seedSlack);
