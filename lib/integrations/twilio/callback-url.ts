// Twilio signs the URL it posts to, so the one we give it and the one we check
// against must be the same: the public address (APP_URL), never the address a
// proxy or the server saw. A request's path and query are kept as they arrived.
import { appUrl } from "@/lib/config";
import type { ConnectionInfo } from "../contract";

export function callbackUrl(connection: Pick<ConnectionInfo, "connectorId" | "id">): string {
  return `${appUrl()}/api/webhooks/${connection.connectorId}?connection=${connection.id}`;
}

/** The URL Twilio signed for a request that reached us at `received` (possibly an internal address behind a proxy). */
export function publicUrlOf(received: string): string {
  const u = new URL(received);
  return `${appUrl()}${u.pathname}${u.search}`;
}
