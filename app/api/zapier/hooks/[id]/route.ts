// REST hook unsubscribe: only this organization's Zapier subscriptions.
import { db } from "@/lib/db/client";
import { unsubscribe } from "@/lib/zapier/hooks";
import { zapierRoute } from "@/lib/zapier/route";

export const DELETE = zapierRoute<{ id: string }>(async (_req, api, { id }) => {
  await unsubscribe(db(), api, id);
  return new Response(null, { status: 204 });
});
