// An organization's public page: who it is and its published events still to come.
import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { listUpcomingEvents } from "@/lib/domain/events/queries";

/** Enough for a page; a longer list belongs on a calendar feed, not one page. */
const SHOWN = 50;

export async function publicOrganization(db: Db, slug: string, now = new Date()) {
  const org = await db.selectFrom("organizations").select(["id", "slug", "name"]).where("slug", "=", slug).executeTakeFirst();
  if (!org) throw new NotFoundError("Organization");
  const events = await listUpcomingEvents(db, org.id, { now, limit: SHOWN });
  return { org, events };
}
