import { keepLatest } from "../../core/keep-latest";
import { argJsonArray, argString } from "../args";
import { readBlocks } from "../blocks";
import { fail, type SlackMethod } from "../method";
import type { SlackState } from "../state";
import { findChannel } from "../views";

const MAX_TEXT = 40_000;
const KEPT_MESSAGES = 10_000;

/** Slack timestamps are seconds with six decimals and unique per workspace. */
function nextTs(state: SlackState, nowMs: number): string {
  const micros = Math.max(nowMs * 1000, state.lastTsMicros + 1);
  state.lastTsMicros = micros;
  const s = String(micros).padStart(7, "0");
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
}

export const chatPostMessage: SlackMethod = {
  auth: true,
  scopes: ["chat:write", "chat:write:bot", "chat:write:user"],
  run: ({ state, args, token, now }) => {
    const channel = findChannel(state, argString(args, "channel"));
    if (!channel) return fail("channel_not_found");
    if (channel.isArchived) return fail("is_archived");
    const isMember = channel.members.has(state.botUserId);
    if (!isMember && (channel.isPrivate || !token?.scopes.includes("chat:write.public"))) return fail("not_in_channel");

    const blocks = readBlocks(args);
    if (!blocks.ok) return fail(blocks.error, { response_metadata: { messages: [blocks.message] } });
    const attachments = argJsonArray(args, "attachments");
    if (attachments === "invalid") return fail("invalid_attachments");
    const text = argString(args, "text") ?? "";
    if (!text && !blocks.blocks?.length && !attachments?.length) return fail("no_text");
    if (text.length > MAX_TEXT) return fail("msg_too_long");

    const ts = nextTs(state, now);
    const threadTs = argString(args, "thread_ts") ?? null;
    state.messages.push({
      channel: channel.id,
      ts,
      user: state.botUserId,
      text,
      blocks: blocks.blocks,
      attachments: attachments ?? null,
      threadTs,
      postedAt: new Date(now).toISOString(),
    });
    keepLatest(state.messages, KEPT_MESSAGES);
    return {
      ok: true,
      channel: channel.id,
      ts,
      message: {
        user: state.botUserId,
        type: "message",
        ts,
        bot_id: state.botId,
        app_id: state.appId,
        text,
        team: state.team.id,
        bot_profile: { id: state.botId, app_id: state.appId, name: "Switchboard", deleted: false, team_id: state.team.id },
        ...(blocks.blocks ? { blocks: blocks.blocks } : {}),
        ...(attachments ? { attachments } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      },
    };
  },
};
