// Slack's part of inbox.json: each channel that has messages, with them, oldest first.
import type { SlackState } from "./state";

export interface InboxSlackMessage {
  ts: string;
  user: string;
  text: string;
  blocks: unknown[] | null;
  attachments: unknown[] | null;
  threadTs: string | null;
  postedAt: string;
}

export interface InboxChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  messages: InboxSlackMessage[];
}

export function slackInbox(state: SlackState): { channels: InboxChannel[] } {
  const channels = state.channels
    .map((c) => ({
      id: c.id,
      name: c.name,
      isPrivate: c.isPrivate,
      messages: state.messages
        .filter((m) => m.channel === c.id)
        .map((m) => ({ ts: m.ts, user: m.user, text: m.text, blocks: m.blocks, attachments: m.attachments, threadTs: m.threadTs, postedAt: m.postedAt })),
    }))
    .filter((c) => c.messages.length > 0);
  return { channels };
}
