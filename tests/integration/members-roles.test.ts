// Role changes and removal: who may change whom, the last owner, the activity log
// naming who did it, and two owners demoting each other at the same moment.
import { beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError } from "@/lib/auth/errors";
import { membershipsOf } from "@/lib/auth/users";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { changeRole, listMembers, removeMember } from "@/lib/members/roster";
import { makeOrg } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();
let n = 0;

async function person(db: Db, orgId: string, role: Role, name?: string) {
  const i = ++n;
  const user = await db.insertInto("users").values({ email: `person${i}.roles@example.test`, name: name ?? `Person ${i}`, password_hash: null }).returning(["id", "email"]).executeTakeFirstOrThrow();
  await db.insertInto("memberships").values({ org_id: orgId, user_id: user.id, role }).execute();
  return { userId: user.id, email: user.email, name: name ?? `Person ${i}` };
}

const roleOf = async (orgId: string, userId: string) =>
  (await t.db.selectFrom("memberships").select("role").where("org_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst())?.role;

const activity = (orgId: string, type: string) => t.db.selectFrom("activity_log").select("summary").where("org_id", "=", orgId).where("type", "=", type).orderBy("received_at").execute();

describe("who may change whom", () => {
  let orgId: string;
  let owner: Awaited<ReturnType<typeof person>>;
  let admin: Awaited<ReturnType<typeof person>>;
  let member: Awaited<ReturnType<typeof person>>;
  beforeAll(async () => {
    orgId = (await makeOrg(t.db, "Roles Org")).id;
    owner = await person(t.db, orgId, "owner", "Olga Owner");
    admin = await person(t.db, orgId, "admin", "Adam Admin");
    member = await person(t.db, orgId, "member", "Mia Member");
  });

  it("an admin promotes a member to admin, and the log says who did it", async () => {
    expect(await changeRole(t.db, { orgId, userId: admin.userId }, member.userId, { role: "admin" })).toEqual({ changed: true, role: "admin" });
    expect(await roleOf(orgId, member.userId)).toBe("admin");
    const [entry] = await activity(orgId, "member.role_changed");
    expect(entry!.summary).toBe(`Adam Admin <${admin.email}> changed the role of Mia Member <${member.email}> from member to admin.`);
    await changeRole(t.db, { orgId, userId: admin.userId }, member.userId, { role: "member" });
  });

  it("an admin can neither make an owner nor change or remove one", async () => {
    await expect(changeRole(t.db, { orgId, userId: admin.userId }, member.userId, { role: "owner" })).rejects.toThrow(ForbiddenError);
    await expect(changeRole(t.db, { orgId, userId: admin.userId }, owner.userId, { role: "admin" })).rejects.toThrow("Only an owner can invite, change or remove an owner.");
    await expect(removeMember(t.db, { orgId, userId: admin.userId }, owner.userId)).rejects.toThrow(ForbiddenError);
    expect(await roleOf(orgId, owner.userId)).toBe("owner");
    expect(await roleOf(orgId, member.userId)).toBe("member");
  });

  it("a member changes nobody, themselves included", async () => {
    await expect(changeRole(t.db, { orgId, userId: member.userId }, member.userId, { role: "admin" })).rejects.toThrow(ForbiddenError);
    await expect(removeMember(t.db, { orgId, userId: member.userId }, admin.userId)).rejects.toThrow(ForbiddenError);
    expect(await roleOf(orgId, member.userId)).toBe("member");
  });

  it("the role the actor has now counts, not the one their session started with", async () => {
    const demoted = await person(t.db, orgId, "admin");
    await changeRole(t.db, { orgId, userId: owner.userId }, demoted.userId, { role: "member" });
    await expect(removeMember(t.db, { orgId, userId: demoted.userId }, member.userId)).rejects.toThrow(ForbiddenError);
    const gone = await person(t.db, orgId, "admin");
    await removeMember(t.db, { orgId, userId: owner.userId }, gone.userId);
    await expect(changeRole(t.db, { orgId, userId: gone.userId }, member.userId, { role: "admin" })).rejects.toThrow("You are no longer a member of this organization.");
  });

  it("refuses a role that does not exist and a person who is not in the organization", async () => {
    await expect(changeRole(t.db, { orgId, userId: owner.userId }, member.userId, { role: "superuser" })).rejects.toThrow(ValidationError);
    const elsewhere = await person(t.db, (await makeOrg(t.db, "Elsewhere")).id, "member");
    await expect(changeRole(t.db, { orgId, userId: owner.userId }, elsewhere.userId, { role: "admin" })).rejects.toThrow(NotFoundError);
    await expect(removeMember(t.db, { orgId, userId: owner.userId }, "not-a-uuid")).rejects.toThrow(NotFoundError);
  });

  it("an owner makes an owner, who may then demote the first; the list puts owners first", async () => {
    await changeRole(t.db, { orgId, userId: owner.userId }, admin.userId, { role: "owner" });
    expect((await listMembers(t.db, orgId)).slice(0, 2).map((p) => p.role)).toEqual(["owner", "owner"]);
    await changeRole(t.db, { orgId, userId: admin.userId }, owner.userId, { role: "admin" });
    expect(await roleOf(orgId, owner.userId)).toBe("admin");
    await changeRole(t.db, { orgId, userId: admin.userId }, owner.userId, { role: "owner" });
    await changeRole(t.db, { orgId, userId: owner.userId }, admin.userId, { role: "admin" });
  });

  it("the same role again changes nothing and logs nothing", async () => {
    const before = (await activity(orgId, "member.role_changed")).length;
    expect(await changeRole(t.db, { orgId, userId: owner.userId }, admin.userId, { role: "admin" })).toEqual({ changed: false, role: "admin" });
    expect((await activity(orgId, "member.role_changed")).length).toBe(before);
  });
});

describe("the last owner", () => {
  it("can be neither demoted nor removed, by themselves or anyone", async () => {
    const orgId = (await makeOrg(t.db, "Solo Org")).id;
    const owner = await person(t.db, orgId, "owner", "Sole Owner");
    await expect(changeRole(t.db, { orgId, userId: owner.userId }, owner.userId, { role: "admin" })).rejects.toThrow(
      `Sole Owner <${owner.email}> is the last owner of Solo Org, so they cannot be made admin. Make someone else an owner first.`,
    );
    await expect(removeMember(t.db, { orgId, userId: owner.userId }, owner.userId)).rejects.toThrow(ConflictError);
    expect(await roleOf(orgId, owner.userId)).toBe("owner");
    expect(await activity(orgId, "member.role_changed")).toEqual([]);
    expect(await activity(orgId, "member.removed")).toEqual([]);
  });

  it("of the last two owners stepping down at the same moment, exactly one may", async () => {
    // Repeated: without the organization's lock both transactions count two owners and both pass.
    for (let round = 0; round < 8; round++) {
      const orgId = (await makeOrg(t.db, `Race Org ${round}`)).id;
      const a = await person(t.db, orgId, "owner");
      const b = await person(t.db, orgId, "owner");
      const results = await Promise.allSettled([
        changeRole(t.db, { orgId, userId: a.userId }, a.userId, { role: "admin" }),
        changeRole(t.db, { orgId, userId: b.userId }, b.userId, { role: "member" }),
      ]);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toBeInstanceOf(ConflictError);
      expect(String(refused[0]!.reason.message)).toMatch(/is the last owner of Race Org/);
      expect(await t.db.selectFrom("memberships").select("user_id").where("org_id", "=", orgId).where("role", "=", "owner").execute()).toHaveLength(1);
    }
  });

  it("of two owners demoting each other at the same moment, exactly one wins", async () => {
    for (let round = 0; round < 4; round++) {
      const orgId = (await makeOrg(t.db, `Duel Org ${round}`)).id;
      const a = await person(t.db, orgId, "owner");
      const b = await person(t.db, orgId, "owner");
      const results = await Promise.allSettled([
        changeRole(t.db, { orgId, userId: a.userId }, b.userId, { role: "member" }),
        changeRole(t.db, { orgId, userId: b.userId }, a.userId, { role: "admin" }),
      ]);
      // Whoever comes second is no longer an owner, and may not change one.
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toBeInstanceOf(ForbiddenError);
      expect(await t.db.selectFrom("memberships").select("user_id").where("org_id", "=", orgId).where("role", "=", "owner").execute()).toHaveLength(1);
    }
  });

  it("two concurrent removals of the last two owners leave one", async () => {
    for (let round = 0; round < 5; round++) {
      const orgId = (await makeOrg(t.db, `Leave Org ${round}`)).id;
      const a = await person(t.db, orgId, "owner");
      const b = await person(t.db, orgId, "owner");
      const results = await Promise.allSettled([removeMember(t.db, { orgId, userId: a.userId }, a.userId), removeMember(t.db, { orgId, userId: b.userId }, b.userId)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConflictError);
      expect(await t.db.selectFrom("memberships").select("user_id").where("org_id", "=", orgId).where("role", "=", "owner").execute()).toHaveLength(1);
    }
  });
});

describe("removal", () => {
  it("ends access to that organization at once and logs who did it", async () => {
    const orgId = (await makeOrg(t.db, "Removal Org")).id;
    const other = (await makeOrg(t.db, "Other Org")).id;
    const owner = await person(t.db, orgId, "owner", "Remo Owner");
    const leaving = await person(t.db, orgId, "admin", "Lea Leaving");
    await t.db.insertInto("memberships").values({ org_id: other, user_id: leaving.userId, role: "member" }).execute();
    await removeMember(t.db, { orgId, userId: owner.userId }, leaving.userId);
    expect((await membershipsOf(t.db, leaving.userId)).map((m) => m.orgId)).toEqual([other]);
    const [entry] = await activity(orgId, "member.removed");
    expect(entry!.summary).toBe(`Remo Owner <${owner.email}> removed Lea Leaving <${leaving.email}> (admin) from the organization.`);
    await expect(removeMember(t.db, { orgId, userId: owner.userId }, leaving.userId)).rejects.toThrow(NotFoundError);
  });
});
