// Workspace objects in the shape the Web API returns them (objs_conversation, objs_user).
import type { SlackChannel, SlackState, SlackUser } from "./state";

export function conversationView(state: SlackState, c: SlackChannel): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: c.isPrivate,
    created: c.created,
    is_archived: c.isArchived,
    is_general: c.isGeneral,
    unlinked: 0,
    name_normalized: c.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: state.team.id,
    parent_conversation: null,
    creator: c.creator,
    is_ext_shared: false,
    shared_team_ids: [state.team.id],
    is_member: c.members.has(state.botUserId),
    topic: { value: c.topic, creator: "", last_set: 0 },
    purpose: { value: c.purpose, creator: c.purpose ? c.creator : "", last_set: c.purpose ? c.created : 0 },
    previous_names: [],
    num_members: c.members.size,
  };
}

export function userView(state: SlackState, u: SlackUser): Record<string, unknown> {
  const [first, ...rest] = u.realName.split(" ");
  return {
    id: u.id,
    team_id: state.team.id,
    name: u.name,
    deleted: false,
    color: "9f69e7",
    real_name: u.realName,
    tz: u.tz,
    tz_label: u.tz,
    tz_offset: 0,
    profile: {
      real_name: u.realName,
      real_name_normalized: u.realName,
      display_name: u.name,
      display_name_normalized: u.name,
      first_name: first ?? "",
      last_name: rest.join(" "),
      email: u.email || undefined,
      team: state.team.id,
      image_48: "https://a.slack-edge.com/80588/img/avatars/ava_0010-48.png",
    },
    is_admin: u.isAdmin,
    is_owner: u.isAdmin,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.isBot,
    is_app_user: false,
    updated: 1700000000,
  };
}

/**
 * Finds a channel by id or by name (with or without "#"), as chat.postMessage accepts
 * both. A private channel the bot is not in does not exist as far as the bot can tell.
 */
export function findChannel(state: SlackState, ref: string | undefined): SlackChannel | undefined {
  if (!ref) return undefined;
  const name = ref.replace(/^#/, "");
  const c = state.channels.find((ch) => ch.id === ref || ch.name === name);
  if (c && c.isPrivate && !c.members.has(state.botUserId)) return undefined;
  return c;
}
