// A button pressed in one of our messages. Slack only wants a 200 within 3
// seconds; the action itself runs from the stored callback (a worker job), and
// its outcome reaches the person through the interaction's response_url: the
// message updated when something changed, a note only they see otherwise.
import { ErrorCode } from "@slack/web-api";
import { checkInOnce } from "@/lib/domain/attendees/service";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { ignored, processed, type Processed } from "../contract/inbound";
import type { SlackContext } from "./manifest";
import { CHECK_IN_ACTION, escapeMrkdwn } from "./messages";
import type { Interaction } from "./requests";
import { TURNED_OFF } from "./commands";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIVE_RESPONSE_ORIGIN = "https://hooks.slack.com";

/** Only Slack's own hooks host (or the sandbox standing in for Slack) is ever posted to, whatever a payload says. */
function responseUrlAllowed(url: string, ctx: SlackContext): boolean {
  try {
    const origin = new URL(url).origin;
    return ctx.connection.mode === "live" ? origin === LIVE_RESPONSE_ORIGIN : origin === new URL(ctx.baseUrl).origin;
  } catch {
    return false;
  }
}

async function respondVia(ctx: SlackContext, responseUrl: string | undefined, message: Record<string, unknown>): Promise<void> {
  if (!responseUrl || !responseUrlAllowed(responseUrl, ctx)) return;
  await ctx.call("response_url", async (signal) => {
    const res = await fetch(responseUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message), signal });
    if (!res.ok) throw Object.assign(new Error(`Slack answered HTTP ${res.status} on the response URL`), { code: ErrorCode.HTTPError, statusCode: res.status });
    await res.arrayBuffer();
  });
}

/**
 * The message with a line saying who checked whom in. The buttons stay: a ticket
 * of several people keeps one per person, and a second press is answered, not broken.
 */
function updatedMessage(p: Interaction, line: string): Record<string, unknown> {
  const blocks = [...(p.message?.blocks ?? []), { type: "context", elements: [{ type: "mrkdwn", text: line }] }];
  // Slack allows 50 blocks in a message; the oldest check-in lines give way.
  while (blocks.length > 50) blocks.splice(blocks.findIndex((b) => b.type === "context"), 1);
  return { replace_original: true, text: p.message?.text ?? line, blocks };
}

const note = (text: string) => ({ response_type: "ephemeral", replace_original: false, text });

export async function processInteraction(p: Interaction, ctx: SlackContext): Promise<Processed> {
  if (p.type !== "block_actions") return ignored(`Slack interaction ${p.type} is not used`);
  const action = p.actions?.find((a) => a.action_id === CHECK_IN_ACTION);
  if (!action) return ignored("No action of ours was pressed");
  if (!ctx.connection.enabled) {
    await respondVia(ctx, p.response_url, note(TURNED_OFF));
    return ignored("The connection is turned off; nobody was checked in");
  }
  const attendeeId = action.value ?? "";
  const who = p.user?.id ? `<@${p.user.id}>` : "someone";
  try {
    // A malformed id is refused like an unknown one: the attendee lookup is by org.
    if (!UUID.test(attendeeId)) throw new NotFoundError("Attendee");
    const { attendee, already } = await checkInOnce(ctx.db, ctx.connection.orgId, attendeeId);
    if (already) {
      const at = attendee.checked_in_at ? ` (at ${attendee.checked_in_at.toISOString().slice(11, 16)} UTC)` : "";
      await respondVia(ctx, p.response_url, note(`${attendee.name} is already checked in${at}.`));
      return processed(`Attendee ${attendee.id} was already checked in`);
    }
    await respondVia(ctx, p.response_url, updatedMessage(p, `:white_check_mark: ${escapeMrkdwn(attendee.name)} checked in by ${who}`));
    return processed(`Checked in attendee ${attendee.id}`);
  } catch (err) {
    if (err instanceof NotFoundError) {
      await respondVia(ctx, p.response_url, note("This ticket is not one of this organization's; nobody was checked in."));
      return ignored(`Check-in refused: no attendee ${attendeeId.slice(0, 40)} in this organization`);
    }
    if (err instanceof ConflictError) {
      await respondVia(ctx, p.response_url, note(err.message));
      return ignored(`Check-in refused: ${err.message}`);
    }
    throw err;
  }
}
