// Which organization a request acts in: the one the cookie names, only while the
// person is a member there; otherwise the oldest membership.
import { describe, expect, it } from "vitest";
import { chooseMembership } from "@/lib/auth/current-org";
import { membershipsOf } from "@/lib/auth/users";
import { removeMember } from "@/lib/members/roster";
import { makeOrg } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();

describe("switching organization", () => {
  it("honours the cookie only for an organization the person belongs to now", async () => {
    const first = await makeOrg(t.db, "First Org");
    const second = await makeOrg(t.db, "Second Org");
    const foreign = await makeOrg(t.db, "Foreign Org");
    const person = await t.db.insertInto("users").values({ email: "switcher@example.test", name: "Sam", password_hash: null }).returning("id").executeTakeFirstOrThrow();
    const boss = await t.db.insertInto("users").values({ email: "boss.switch@example.test", name: "Bo", password_hash: null }).returning("id").executeTakeFirstOrThrow();
    await t.db.insertInto("memberships").values({ org_id: first.id, user_id: person.id, role: "member" }).execute();
    await t.db.insertInto("memberships").values({ org_id: second.id, user_id: person.id, role: "admin" }).execute();
    await t.db.insertInto("memberships").values({ org_id: second.id, user_id: boss.id, role: "owner" }).execute();

    const mine = await membershipsOf(t.db, person.id);
    expect(mine.map((m) => m.orgName)).toEqual(["First Org", "Second Org"]);
    expect(chooseMembership(mine, undefined)).toMatchObject({ orgName: "First Org", role: "member" });
    expect(chooseMembership(mine, second.id)).toMatchObject({ orgName: "Second Org", role: "admin" });
    // A cookie naming someone else's organization, or garbage, is not a way in.
    expect(chooseMembership(mine, foreign.id)).toMatchObject({ orgName: "First Org" });
    expect(chooseMembership(mine, "'; drop table users; --")).toMatchObject({ orgName: "First Org" });

    // Removed from the organization the cookie still names: the next request falls back.
    await removeMember(t.db, { orgId: second.id, userId: boss.id }, person.id);
    expect(chooseMembership(await membershipsOf(t.db, person.id), second.id)).toMatchObject({ orgName: "First Org" });
    // Removed from everything: no organization at all.
    await t.db.deleteFrom("memberships").where("user_id", "=", person.id).execute();
    expect(chooseMembership(await membershipsOf(t.db, person.id), first.id)).toBeNull();
  });
});
