import { slackId } from "../ids";
import { argBool, argInt, argString } from "../args";
import { fail, missingScope, type SlackMethod } from "../method";
import type { SlackChannel } from "../state";
import { conversationView, findChannel } from "../views";

const CHANNEL_TYPES = ["public_channel", "private_channel", "mpim", "im"];
const LIST_SCOPES: Record<string, string[]> = {
  public_channel: ["channels:read"],
  private_channel: ["groups:read"],
  mpim: ["mpim:read"],
  im: ["im:read"],
};

function manageScopes(c: { isPrivate: boolean }): string[] {
  return c.isPrivate ? ["groups:write"] : ["channels:manage", "channels:write"];
}

/** Cursors are opaque to clients; Slack's are base64 of a position, and so are these. */
const encodeCursor = (id: string) => Buffer.from(`channel:${id}`).toString("base64");
const decodeCursor = (cursor: string) => {
  const text = Buffer.from(cursor, "base64").toString("utf8");
  return text.startsWith("channel:") ? text.slice("channel:".length) : null;
};

export const conversationsList: SlackMethod = {
  auth: true,
  run: ({ state, args, token }) => {
    const types = (argString(args, "types") ?? "public_channel").split(",").map((t) => t.trim()).filter(Boolean);
    if (types.some((t) => !CHANNEL_TYPES.includes(t))) return fail("unknown_type");
    // Each requested type needs its own read scope; Slack names the first one missing.
    for (const t of types) {
      const refusal = missingScope(token, LIST_SCOPES[t]!);
      if (refusal) return refusal;
    }
    const limit = argInt(args, "limit") ?? 100;
    if (limit < 1 || limit > 1000) return fail("invalid_limit");
    const excludeArchived = argBool(args, "exclude_archived", false);
    const visible = state.channels.filter(
      (c) =>
        (c.isPrivate ? types.includes("private_channel") && c.members.has(state.botUserId) : types.includes("public_channel")) &&
        !(excludeArchived && c.isArchived),
    );
    let start = 0;
    const cursor = argString(args, "cursor");
    if (cursor) {
      const id = decodeCursor(cursor);
      start = visible.findIndex((c) => c.id === id);
      if (start < 0) return fail("invalid_cursor");
    }
    const page = visible.slice(start, start + limit);
    const next = visible[start + limit];
    return {
      ok: true,
      channels: page.map((c) => conversationView(state, c)),
      response_metadata: { next_cursor: next ? encodeCursor(next.id) : "" },
    };
  },
};

/** Slack's channel-name rules, checked in the order its error codes suggest. */
function nameProblem(name: string): string | null {
  if (name === "") return "invalid_name_required";
  if (name.length > 80) return "invalid_name_maxlength";
  if (!/[a-z0-9]/i.test(name)) return "invalid_name_punctuation";
  if (!/^[a-z0-9_-]+$/.test(name)) return "invalid_name_specials";
  return null;
}

export const conversationsCreate: SlackMethod = {
  auth: true,
  run: ({ state, args, token, now }) => {
    const isPrivate = argBool(args, "is_private", false);
    const refusal = missingScope(token, manageScopes({ isPrivate }));
    if (refusal) return refusal;
    const name = argString(args, "name") ?? "";
    const problem = nameProblem(name);
    if (problem) return fail(problem);
    if (state.channels.some((c) => c.name === name)) return fail("name_taken");
    const channel: SlackChannel = {
      id: slackId("C"),
      name,
      isPrivate,
      isArchived: false,
      isGeneral: false,
      created: Math.floor(now / 1000),
      creator: state.botUserId,
      members: new Set([state.botUserId]),
      topic: "",
      purpose: "",
    };
    state.channels.push(channel);
    return { ok: true, channel: conversationView(state, channel) };
  },
};

export const conversationsInvite: SlackMethod = {
  auth: true,
  run: ({ state, args, token }) => {
    const channel = findChannel(state, argString(args, "channel"));
    if (!channel) return fail("channel_not_found");
    const refusal = missingScope(token, manageScopes(channel));
    if (refusal) return refusal;
    if (channel.isArchived) return fail("is_archived");
    if (!channel.members.has(state.botUserId)) return fail("not_in_channel");
    const ids = (argString(args, "users") ?? "").split(",").map((u) => u.trim()).filter(Boolean);
    if (ids.length === 0) return fail("no_user");
    if (ids.length > 1000) return fail("too_many_users");
    for (const id of ids) {
      if (id === state.botUserId) return fail("cant_invite_self");
      if (!state.users.some((u) => u.id === id)) return fail("user_not_found", { errors: [{ user: id, ok: false, error: "user_not_found" }] });
    }
    const fresh = ids.filter((id) => !channel.members.has(id));
    if (fresh.length === 0) return fail("already_in_channel", { errors: ids.map((user) => ({ user, ok: false, error: "already_in_channel" })) });
    for (const id of fresh) channel.members.add(id);
    return { ok: true, channel: conversationView(state, channel) };
  },
};

export const conversationsJoin: SlackMethod = {
  auth: true,
  scopes: ["channels:join", "channels:write"],
  run: ({ state, args }) => {
    const channel = findChannel(state, argString(args, "channel"));
    if (!channel) return fail("channel_not_found");
    if (channel.isPrivate) return fail("method_not_supported_for_channel_type");
    if (channel.isArchived) return fail("is_archived");
    const already = channel.members.has(state.botUserId);
    channel.members.add(state.botUserId);
    return {
      ok: true,
      channel: conversationView(state, channel),
      ...(already ? { warning: "already_in_channel", response_metadata: { warnings: ["already_in_channel"] } } : {}),
    };
  },
};
