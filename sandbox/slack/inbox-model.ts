// Slack's part of inbox.json: each channel that has messages, with them, oldest first.
import type { SlackMessage, SlackState } from "./state";

/** A message as the inbox shows it: the channel it is in is the one it is listed under. */
export type InboxSlackMessage = Omit<SlackMessage, "channel">;

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
        .map(({ channel: _channel, ...shown }): InboxSlackMessage => shown),
    }))
    .filter((c) => c.messages.length > 0);
  return { channels };
}
