// A pending checkout holds places until it expires. Without a cap, one script
// could start checkouts for an event until it shows "sold out", and every one of
// them would mail the address it gave. So one buyer e-mail may hold only a few
// open checkouts per event at once (OPEN_HOLDS_PER_EMAIL); the next one is
// refused until one is paid, cancelled or expires.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { humanWait, RateLimitedError } from "./errors";
import { openHoldsCap } from "./limits";

export async function checkOpenHolds(db: Db, input: { slug: string; email: string; attempt?: string | null }): Promise<void> {
  const cap = openHoldsCap();
  const event = await db.selectFrom("events").select("id").where("slug", "=", input.slug).executeTakeFirst();
  if (!event) return;
  const holds = await db
    .selectFrom("orders")
    .select(["client_reference", "hold_expires_at"])
    .where("event_id", "=", event.id)
    .where(sql<string>`lower(buyer_email)`, "=", input.email.trim().toLowerCase())
    .where("status", "=", "pending")
    .where("hold_expires_at", ">", new Date())
    .orderBy("hold_expires_at", "asc")
    .execute();
  // A repeated submit of a checkout already started finds its own order; it is not a new hold.
  if (input.attempt && holds.some((h) => h.client_reference?.toLowerCase() === input.attempt!.toLowerCase())) return;
  if (holds.length < cap) return;
  const wait = Math.max(1, Math.ceil((new Date(holds[0]!.hold_expires_at!).getTime() - Date.now()) / 1000));
  throw new RateLimitedError(
    `This e-mail address already has ${holds.length} checkouts open for this event. Finish or cancel one of them, or try again in ${humanWait(wait)} when the oldest expires.`,
    wait,
  );
}
