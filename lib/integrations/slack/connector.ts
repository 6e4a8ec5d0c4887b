// Slack: a bot installed by OAuth v2 posts what happens to the organization's
// channel, and can open a channel per event.
import { ConflictError } from "@/lib/domain/errors";
import { derivedId } from "@/lib/db/derived-id";
import { soldCount } from "@/lib/domain/events/service";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { defineConnector } from "../contract";
import { claimExternal, findExternal, saveExternal } from "../external-objects";
import { slackClient } from "./client";
import { classifySlackError } from "./errors";
import { slackInbound } from "./inbound";
import { manifest, type SlackContext } from "./manifest";
import { cancellationMessage, channelNameFor, escapeMrkdwn, publishedMessage, registrationMessage, reminderHeadsUp } from "./messages";

type Ctx = SlackContext;

function client(ctx: Ctx, signal: AbortSignal) {
  return slackClient(ctx.baseUrl, ctx.credentials.accessToken, signal);
}

async function listChannels(ctx: Ctx) {
  const channels: Array<{ value: string; label: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.call("conversations.list", (signal) =>
      client(ctx, signal).conversations.list({ types: "public_channel,private_channel", exclude_archived: true, limit: 200, cursor }),
    );
    for (const c of page.channels ?? []) if (c.id && c.name) channels.push({ value: c.id, label: `#${c.name}` });
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return channels;
}

/** Posts once per fact and channel: a retried delivery finds the message it already sent. */
async function postOnce(ctx: Ctx, event: DomainEvent, channel: string, message: { text: string; blocks: unknown[] }) {
  const kind = `slack_message:${channel}`;
  if (await findExternal(ctx.db, ctx.connection.id, kind, event.id)) return;
  const res = await ctx.call("chat.postMessage", (signal) =>
    client(ctx, signal).chat.postMessage({ channel, text: message.text, blocks: message.blocks as never, unfurl_links: false }),
  );
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind, localId: event.id, externalId: String(res.ts) });
}

async function eventChannel(ctx: Ctx, ev: { id: string; slug: string }): Promise<string> {
  const known = await findExternal(ctx.db, ctx.connection.id, "slack_channel", ev.id);
  if (known) return known.externalId;
  const name = channelNameFor(ev.slug);
  let channelId: string;
  try {
    const created = await ctx.call("conversations.create", (signal) => client(ctx, signal).conversations.create({ name }));
    channelId = created.channel!.id!;
  } catch (err) {
    // Created by an earlier attempt whose answer was lost: find it instead.
    if (!String((err as Error).message).includes("name_taken")) throw err;
    const existing = (await listChannels(ctx)).find((c) => c.label === `#${name}`);
    if (!existing) throw err;
    channelId = existing.value;
  }
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: "slack_channel", localId: ev.id, externalId: channelId, data: { name } });
  const emails = ctx.settings.inviteEmails.split(",").map((e) => e.trim()).filter(Boolean);
  const users: string[] = [];
  for (const email of emails) {
    try {
      const found = await ctx.call("users.lookupByEmail", (signal) => client(ctx, signal).users.lookupByEmail({ email }));
      if (found.user?.id) users.push(found.user.id);
    } catch {
      // Someone not in the workspace is simply not invited.
    }
  }
  if (users.length) {
    try {
      await ctx.call("conversations.invite", (signal) => client(ctx, signal).conversations.invite({ channel: channelId, users: users.join(",") }));
    } catch (err) {
      // Two deliveries for the same event can race to set the channel up; the second finds everyone invited.
      if (!String((err as Error).message).includes("already_in_channel")) throw err;
    }
  }
  return channelId;
}

/** Registrations and their cancellations go where the settings say registrations go. */
async function postRegistrationNews(event: DomainEvent<"registration.created" | "ticket.purchased" | "registration.cancelled">, ctx: Ctx, message: { text: string; blocks: unknown[] }) {
  if (ctx.settings.postOnRegistration && ctx.settings.channelId) await postOnce(ctx, event, ctx.settings.channelId, message);
  if (ctx.settings.channelPerEvent) await postOnce(ctx, event, await eventChannel(ctx, event.payload.event), message);
}

/**
 * One heads-up per event and reminder time, however many attendees' reminders
 * fall due at once: the first delivery to claim the (event, offset) posts it, a
 * retry of that delivery posts if its earlier attempt did not get to, the others
 * find the claim and do nothing.
 */
async function postReminderHeadsUp(fact: DomainEvent<"event.reminder">, ctx: Ctx) {
  if (!ctx.settings.postReminders || !ctx.settings.channelId) return;
  const { event: ev, reminder } = fact.payload;
  const ref = { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: "slack_reminder", localId: derivedId(`slack-heads-up:${ev.id}:${reminder.offsetMinutes}`) };
  const claim = await claimExternal(ctx.db, { ...ref, owner: fact.id });
  if (!claim.mine || claim.externalId) return;
  const message = reminderHeadsUp(ev, reminder.offsetMinutes, await soldCount(ctx.db, ev.id));
  const channel = ctx.settings.channelId;
  const res = await ctx.call("chat.postMessage", (signal) => client(ctx, signal).chat.postMessage({ channel, text: message.text, blocks: message.blocks as never, unfurl_links: false }));
  await saveExternal(ctx.db, { ...ref, externalId: String(res.ts), data: { owner: fact.id, channel } });
}

export const connector = defineConnector(manifest, {
  fieldOptions: { channelId: listChannels },
  oauth: {
    authorizeUrl: (baseUrl) => new URL("../oauth/v2/authorize", baseUrl).toString(),
    liveClient: (env) =>
      env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET ? { clientId: env.SLACK_CLIENT_ID, clientSecret: env.SLACK_CLIENT_SECRET } : null,
    async exchange({ code, redirectUri, client: app, baseUrl, call }) {
      const res = await call("oauth.v2.access", (signal) =>
        slackClient(baseUrl, undefined, signal).oauth.v2.access({ client_id: app.clientId, client_secret: app.clientSecret, code, redirect_uri: redirectUri }),
      );
      return {
        tokens: { accessToken: res.access_token!, scopes: (res.scope ?? "").split(",").filter(Boolean), tokenType: res.token_type ?? "bot" },
        account: { id: res.team?.id ?? "", name: res.team?.name ?? "Slack workspace" },
      };
    },
    async revoke({ tokens, baseUrl, call }) {
      await call("auth.revoke", (signal) => slackClient(baseUrl, tokens.accessToken, signal).auth.revoke());
    },
  },
  classifyError: classifySlackError,
  inbound: slackInbound,
  async testConnection(ctx) {
    const res = await ctx.call("auth.test", (signal) => client(ctx, signal).auth.test());
    return { account: { id: res.team_id ?? "", name: res.team ?? "Slack workspace" }, detail: `Connected to ${res.team} as @${res.user}` };
  },
  async sendTest(ctx) {
    if (!ctx.settings.channelId) throw new ConflictError("Choose a default channel in the settings first.");
    await ctx.call("chat.postMessage", (signal) =>
      client(ctx, signal).chat.postMessage({ channel: ctx.settings.channelId, text: "Switchboard test message: this channel will receive registrations and announcements." }),
    );
    return "Posted a test message to the default channel.";
  },
  // A notice for the organization's people (an alert, its resolution), posted to the default channel.
  messaging: {
    channel: "chat",
    canSend: (ctx) => Boolean(ctx.settings.channelId),
    async send(ctx, message) {
      const text = `*${escapeMrkdwn(message.subject)}*\n${escapeMrkdwn(message.text)}`;
      await ctx.call("chat.postMessage", (signal) => client(ctx, signal).chat.postMessage({ channel: ctx.settings.channelId, text, unfurl_links: false }));
    },
  },
  handlers: {
    "registration.created": (event, ctx) => postRegistrationNews(event, ctx, registrationMessage(event)),
    "ticket.purchased": (event, ctx) => postRegistrationNews(event, ctx, registrationMessage(event)),
    "registration.cancelled": (event, ctx) => postRegistrationNews(event, ctx, cancellationMessage(event)),
    "event.reminder": postReminderHeadsUp,
    async "event.published"(event, ctx) {
      if (ctx.settings.postOnPublish && ctx.settings.channelId) await postOnce(ctx, event, ctx.settings.channelId, publishedMessage(event));
      if (ctx.settings.channelPerEvent) await eventChannel(ctx, event.payload.event);
    },
  },
});
