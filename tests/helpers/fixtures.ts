// Small builders for an organization with people and a published event.
import type { Db } from "../../lib/db/client";
import type { Role } from "../../lib/db/schema";
import { addTicketType, createEvent, publishEvent } from "../../lib/domain/events/service";

let counter = 0;

export async function makeOrg(db: Db, name = "Test Org") {
  counter++;
  const org = await db
    .insertInto("organizations")
    .values({ name, slug: `org-${counter}-${Math.random().toString(36).slice(2, 8)}` })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  return org;
}

export async function makeUser(db: Db, orgId: string, role: Role, email = `user${++counter}@example.test`) {
  const user = await db.insertInto("users").values({ email, name: "Test User", password_hash: null }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("memberships").values({ org_id: orgId, user_id: user.id, role }).execute();
  return user;
}

export const eventFields = {
  title: "Test Conference",
  description: "Talks",
  venue: "Hall 1",
  startsAt: "2030-06-01T09:00",
  endsAt: "2030-06-01T17:00",
  timeZone: "Europe/Zurich",
  capacity: 10,
};

export async function makePublishedEvent(db: Db, orgId: string, opts: { capacity?: number; quantity?: number; price?: string } = {}) {
  const event = await createEvent(db, orgId, { ...eventFields, capacity: opts.capacity ?? 10 });
  const ticketType = await addTicketType(db, orgId, event.id, {
    name: "General",
    price: opts.price ?? "0",
    currency: "EUR",
    quantity: opts.quantity ?? 100,
  });
  const published = await publishEvent(db, orgId, event.id);
  return { event: published, ticketType };
}
