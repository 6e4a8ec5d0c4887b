// Posting a notice for the organization's people to its chat (the connectors
// whose messaging channel is "chat"), through the same policy-wrapped call as
// the connector's other messages. Best effort and never thrown: a failing chat
// provider is often what the notice is about, and the e-mail goes out anyway.
import type { Db } from "@/lib/db/client";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { loadConnectors } from "@/lib/integrations/registry";
import { log } from "@/lib/log";
import { appKeyring } from "@/lib/vault/app-keyring";
import type { NoticeText } from "./platform-mail";

export interface ChatOutcome {
  /** The connector's name, as the alert log shows it. */
  connector: string;
  posted: boolean;
  /** Why it was not posted. */
  error?: string;
}

/** One outcome per chat connection the organization has; none when it has no chat connected. */
export async function postToChat(db: Db, orgId: string, notice: NoticeText): Promise<ChatOutcome[]> {
  const outcomes: ChatOutcome[] = [];
  for (const connector of (await loadConnectors()).filter((c) => c.messaging?.channel === "chat")) {
    const row = await findConnection(db, orgId, connector.id);
    if (!row || row.status === "disconnected" || !row.credentials_sealed) continue;
    const skip = (error: string) => outcomes.push({ connector: connector.name, posted: false, error });
    if (row.status !== "connected") {
      skip(row.status === "disabled" ? "the connection is turned off" : "the connection needs to be reconnected");
      continue;
    }
    try {
      const ctx = await connectorContext(db, appKeyring(), connector, row);
      if (connector.messaging!.canSend?.(ctx) === false) {
        skip("it has nowhere to post yet (choose a channel in its settings)");
        continue;
      }
      await connector.messaging!.send(ctx, { to: [], subject: notice.subject, text: notice.text });
      outcomes.push({ connector: connector.name, posted: true });
    } catch (err) {
      skip((err as Error).message);
      log.warn({ orgId, connector: connector.id, err: (err as Error).message }, "could not post a notice to chat");
    }
  }
  return outcomes;
}
