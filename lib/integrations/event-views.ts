// What the organization's connections show on an event's admin page: each
// connected connector's panel and its line per attendee (the eventViews
// capability). Read from our own records; a connector whose view fails is left
// out with a log line, so one broken view never breaks the page.
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { EventPanel } from "./contract";
import { listConnections } from "./connections/repository";
import { loadConnector } from "./registry";

export interface ConnectionEventViews {
  panels: Array<EventPanel & { connectorId: string }>;
  /** Attendee id → one line per connector that has something to say. */
  attendees: Map<string, string[]>;
}

export async function connectionEventViews(db: Db, orgId: string, eventId: string, attendeeIds: string[]): Promise<ConnectionEventViews> {
  const out: ConnectionEventViews = { panels: [], attendees: new Map() };
  const rows = (await listConnections(db, orgId)).filter((r) => r.status !== "disconnected" && r.credentials_sealed);
  for (const row of rows) {
    try {
      const views = (await loadConnector(row.connector_id))?.eventViews;
      if (!views) continue;
      const connection = { id: row.id, orgId };
      const panel = await views.panel?.(db, connection, eventId);
      if (panel) out.panels.push({ ...panel, connectorId: row.connector_id });
      const lines = attendeeIds.length ? await views.attendeeStatus?.(db, connection, attendeeIds) : undefined;
      for (const [attendeeId, line] of lines ?? []) out.attendees.set(attendeeId, [...(out.attendees.get(attendeeId) ?? []), line]);
    } catch (err) {
      log.warn({ connector: row.connector_id, err }, "a connection's event view failed");
    }
  }
  return out;
}
