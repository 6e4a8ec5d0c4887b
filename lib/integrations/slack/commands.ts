// Slash commands, answered in the HTTP response itself: Slack shows the answer
// only if it comes within 3 seconds, so a command reads our own database and
// never calls Slack.
import type { KnownBlock } from "@slack/web-api";
import { appUrl } from "@/lib/config";
import { listUpcomingEvents } from "@/lib/domain/events/queries";
import { formatInZone } from "@/lib/domain/time";
import type { InboundAnswer } from "../contract/inbound";
import type { SlackContext } from "./manifest";
import { escapeMrkdwn } from "./messages";

const SHOWN = 10;

/** What a person in the workspace is told while an admin has turned the connection off. */
export const TURNED_OFF = "Switchboard is turned off for this workspace: an admin of the organization can turn it on again under Settings → Integrations → Slack.";

function reply(message: { text: string; blocks?: KnownBlock[] }): InboundAnswer {
  // Ephemeral: only the person who typed the command sees the answer.
  return { status: 200, contentType: "application/json", body: JSON.stringify({ response_type: "ephemeral", ...message }) };
}

export async function upcomingEventsReply(ctx: SlackContext): Promise<InboundAnswer> {
  const events = await listUpcomingEvents(ctx.db, ctx.connection.orgId, { limit: SHOWN });
  if (events.length === 0) return reply({ text: "No upcoming published events." });
  const lines = events.map((e) => {
    const places = e.placesLeft === 0 ? "sold out" : `${e.placesLeft} place${e.placesLeft === 1 ? "" : "s"} left`;
    return `• *<${appUrl()}/e/${e.slug}|${escapeMrkdwn(e.title)}>*, ${formatInZone(new Date(e.starts_at), e.time_zone)}: ${places}`;
  });
  const text = `Upcoming events:\n${lines.join("\n")}`;
  return reply({ text, blocks: [{ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } }] });
}

export async function answerCommand(fields: Record<string, string>, ctx: SlackContext): Promise<InboundAnswer> {
  if (!ctx.connection.enabled) return reply({ text: TURNED_OFF });
  if (fields.command === "/events") return upcomingEventsReply(ctx);
  return reply({ text: `Switchboard does not know ${fields.command}; try /events.` });
}
