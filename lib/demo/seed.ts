// The demo organization a fresh embedded start gets, so a new user has something
// to click through. Runs once: an existing organization means it already ran.
import type { Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { addTicketType, createEvent, publishEvent } from "@/lib/domain/events/service";
import { instantToLocal } from "@/lib/domain/time";

export interface DemoLogin {
  email: string;
  password: string;
  memberEmail: string;
}

export async function seedDemo(db: Db, login: { password: string }): Promise<{ created: boolean; login: DemoLogin }> {
  const out: DemoLogin = {
    email: "admin@demo.switchboard.test",
    memberEmail: "member@demo.switchboard.test",
    password: login.password,
  };
  const existing = await db.selectFrom("organizations").select("id").where("slug", "=", "demo").executeTakeFirst();
  if (existing) return { created: false, login: out };

  const passwordHash = await hashPassword(login.password);
  const orgId = await db.transaction().execute(async (tx) => {
    const org = await tx.insertInto("organizations").values({ name: "Demo Events", slug: "demo" }).returning("id").executeTakeFirstOrThrow();
    const [owner, member] = await Promise.all([
      tx.insertInto("users").values({ email: out.email, name: "Demo Admin", password_hash: passwordHash }).returning("id").executeTakeFirstOrThrow(),
      tx.insertInto("users").values({ email: out.memberEmail, name: "Demo Member", password_hash: passwordHash }).returning("id").executeTakeFirstOrThrow(),
    ]);
    await tx.insertInto("memberships").values([
      { org_id: org.id, user_id: owner.id, role: "owner" },
      { org_id: org.id, user_id: member.id, role: "member" },
    ]).execute();
    return org.id;
  });

  const tz = "Europe/Zurich";
  const start = new Date(Date.now() + 21 * 24 * 3600 * 1000);
  start.setUTCHours(17, 0, 0, 0);
  const event = await createEvent(db, orgId, {
    title: "Switchboard Launch Night",
    description: "An evening of talks and demos about connecting everything to everything.",
    venue: "Kongresshaus, Zurich",
    startsAt: instantToLocal(start, tz),
    endsAt: instantToLocal(new Date(start.getTime() + 3 * 3600 * 1000), tz),
    timeZone: tz,
    capacity: 120,
  });
  await addTicketType(db, orgId, event.id, { name: "Community", price: "0", currency: "CHF", quantity: 100 });
  await addTicketType(db, orgId, event.id, { name: "Supporter", price: "25", currency: "CHF", quantity: 20 });
  await publishEvent(db, orgId, event.id);
  return { created: true, login: out };
}
