// Invitations end to end below the UI: the e-mail through the platform mailer
// (the sandbox's SMTP server), the link's single use, expiry, revocation, sending
// again, the address it is for, and accounts new and existing.
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ForbiddenError } from "@/lib/auth/errors";
import { hashPassword } from "@/lib/auth/password";
import { authenticate, membershipsOf } from "@/lib/auth/users";
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { createDb } from "@/lib/db/client";
import { RateLimitedError } from "@/lib/rate-limit";
import { SMTP_VARIABLES } from "@/lib/mailer/config";
import { acceptInvitation, acceptInvitationWithNewAccount, InvitationClosedError, viewInvitation } from "@/lib/members/accept";
import { invite, listOpenInvitations, resendInvitation, revokeInvitation } from "@/lib/members/invitations";
import { askForNewInvitation } from "@/lib/members/renewal";
import type { SmtpMail } from "../../sandbox/smtp/state";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const DAY = 86_400_000;
let n = 0;
const address = (what: string) => `${what}.${++n}.invite@example.test`;

let admin: { userId: string };
beforeAll(async () => {
  await t.db.updateTable("users").set({ name: "Olivia Owner" }).where("id", "=", owner.userId).execute();
  const u = await t.db.insertInto("users").values({ email: "adele.admin@example.test", name: "Adele Admin", password_hash: null }).returning("id").executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ org_id: t.orgId, user_id: u.id, role: "admin" }).execute();
  admin = { userId: u.id };
});
beforeEach(() => {
  Object.assign(process.env, sandbox.appEnv);
});
afterAll(() => {
  for (const name of SMTP_VARIABLES) delete process.env[name];
});

const asOwner = () => ({ orgId: t.orgId, userId: owner.userId });
const asAdmin = () => ({ orgId: t.orgId, userId: admin.userId });

/** The links mailed to an address, oldest first, once `count` have arrived. */
async function mailedTokens(to: string, count = 1): Promise<string[]> {
  const mails = await waitFor(async () => {
    const found = ((await sandbox.inbox()).smtp.mails as SmtpMail[]).filter((m) => m.envelope.to.includes(to));
    return found.length >= count ? found : undefined;
  }, { what: `${count} invitation mail(s) to ${to}` });
  return mails.map((m) => {
    const match = /\/invite\/([A-Za-z0-9_-]{43})\b/.exec(m.text ?? "");
    if (!match) throw new Error(`no invitation link in ${m.text}`);
    return match[1]!;
  });
}

describe("sending", () => {
  it("mails a link whose token is stored only as a hash, and logs who invited whom without the link", async () => {
    const email = address("new");
    const sent = await invite(t.db, asOwner(), { email: `  ${email.toUpperCase()} `, role: "admin" });
    expect(sent).toMatchObject({ email, resent: false });
    const [token] = await mailedTokens(email);
    const mail = ((await sandbox.inbox()).smtp.mails as SmtpMail[]).find((m) => m.envelope.to.includes(email))!;
    expect(mail.subject).toBe(`Olivia Owner invited you to Test Org on Switchboard`);
    expect(mail.text).toContain("as an admin");
    expect(mail.text).toContain(`only for ${email}`);

    const row = await t.db.selectFrom("member_invitations").selectAll().where("id", "=", sent.invitationId).executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expires_at.getTime() - row.sent_at.getTime()).toBe(7 * DAY);

    // The entry says the mail went out, and never carries the link.
    const entry = await waitFor(
      () => t.db.selectFrom("activity_log").select(["summary"]).where("org_id", "=", t.orgId).where("type", "=", "member.invited").where("summary", "like", `%${email}%E-mailed to%`).executeTakeFirst(),
      { what: "the invitation's activity entry to say it was e-mailed" },
    );
    expect(entry.summary).toContain(`Olivia Owner <`);
    expect(entry.summary).toContain(`invited ${email} as admin`);
    const everything = await t.db.selectFrom("activity_log").select("summary").where("org_id", "=", t.orgId).execute();
    expect(JSON.stringify(everything)).not.toContain(token);

    expect((await listOpenInvitations(t.db, t.orgId)).find((i) => i.email === email)).toMatchObject({ role: "admin", expired: false, invitedBy: expect.stringContaining("Olivia Owner") });
  });

  it("refuses what the inviter may not do or what makes no sense, and sends nothing", async () => {
    await expect(invite(t.db, asAdmin(), { email: address("owner"), role: "owner" })).rejects.toThrow(ForbiddenError);
    const member = await t.db.insertInto("users").values({ email: address("member"), name: "M", password_hash: null }).returning(["id", "email"]).executeTakeFirstOrThrow();
    await t.db.insertInto("memberships").values({ org_id: t.orgId, user_id: member.id, role: "member" }).execute();
    await expect(invite(t.db, { orgId: t.orgId, userId: member.id }, { email: address("x"), role: "member" })).rejects.toThrow(ForbiddenError);
    await expect(invite(t.db, asOwner(), { email: member.email.toUpperCase(), role: "admin" })).rejects.toThrow(`${member.email} is already a member of Test Org (member)`);
    await expect(invite(t.db, asOwner(), { email: "not an address", role: "admin" })).rejects.toThrow(ValidationError);
    await expect(invite(t.db, asOwner(), { email: address("y"), role: "boss" })).rejects.toThrow(ValidationError);
    expect(await t.db.selectFrom("member_invitations").select("id").where("email", "in", [member.email, "not an address"]).execute()).toEqual([]);
  });

  it("limits the invitations an organization sends in an hour, sending again included, with a sentence to act on", async () => {
    // The limiter reads its setting when first made for a database handle: a handle of this test's own.
    process.env.RATE_LIMIT_MEMBER_INVITATION = "2/3600";
    const db = createDb(t.url, 1);
    // The invitations of the tests before counted against this organization too.
    await sql`delete from rate_limits`.execute(t.db);
    try {
      const first = await invite(db, asOwner(), { email: address("limited"), role: "member" });
      await resendInvitation(db, asOwner(), first.invitationId);
      const refused = address("refused");
      const err = await invite(db, asOwner(), { email: refused, role: "member" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect((err as Error).message).toMatch(/^This organization has sent many invitations in the last hour\. Try again in \d+ minutes\.$/);
      expect(await t.db.selectFrom("member_invitations").select("id").where("email", "=", refused).execute()).toEqual([]);
      await expect(resendInvitation(db, asOwner(), first.invitationId)).rejects.toThrow(RateLimitedError);
    } finally {
      delete process.env.RATE_LIMIT_MEMBER_INVITATION;
      await db.destroy();
    }
  });

  it("inviting an address again sends the one invitation anew: the earlier link stops working", async () => {
    const email = address("twice");
    await invite(t.db, asOwner(), { email, role: "member" });
    // The job makes the link when it mails it: the first mail is out before the address is invited again.
    const [first] = await mailedTokens(email);
    const again = await invite(t.db, asAdmin(), { email, role: "admin" });
    expect(again.resent).toBe(true);
    const [, second] = await mailedTokens(email, 2);
    expect((await listOpenInvitations(t.db, t.orgId)).filter((i) => i.email === email)).toHaveLength(1);
    expect(await viewInvitation(t.db, first!)).toEqual({ state: "unknown" });
    expect(await viewInvitation(t.db, second!)).toMatchObject({ state: "open", role: "admin", hasAccount: false });
    // An admin may not turn an owner's invitation into anything else.
    const ownerInvite = address("owner-invite");
    await invite(t.db, asOwner(), { email: ownerInvite, role: "owner" });
    await expect(invite(t.db, asAdmin(), { email: ownerInvite, role: "member" })).rejects.toThrow(ForbiddenError);
  });
});

describe("accepting", () => {
  it("someone new sets a name and password once; the account is verified and joins with the role", async () => {
    const email = address("newcomer");
    await invite(t.db, asOwner(), { email, role: "admin" });
    const [token] = await mailedTokens(email);
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "open", orgName: "Test Org", email, role: "admin", hasAccount: false });

    await expect(acceptInvitationWithNewAccount(t.db, token!, { name: "Nina", password: "short" })).rejects.toThrow(ValidationError);
    const joined = await acceptInvitationWithNewAccount(t.db, token!, { name: "Nina New", password: "a long enough password" });
    expect(joined).toMatchObject({ orgId: t.orgId, role: "admin", alreadyMember: false, email });

    const user = await authenticate(t.db, email, "a long enough password");
    expect(user).toMatchObject({ email, name: "Nina New" });
    const stored = await t.db.selectFrom("users").select(["email_verified_at", "password_hash"]).where("id", "=", user!.id).executeTakeFirstOrThrow();
    expect(stored.email_verified_at).toBeInstanceOf(Date);
    expect(stored.password_hash).toMatch(/^\$2[aby]\$/);
    expect((await membershipsOf(t.db, user!.id)).map((m) => [m.orgId, m.role])).toEqual([[t.orgId, "admin"]]);
    const entry = await t.db.selectFrom("activity_log").select("summary").where("org_id", "=", t.orgId).where("type", "=", "member.invitation_accepted").where("summary", "like", `%${email}%`).executeTakeFirstOrThrow();
    expect(entry.summary).toBe(`Nina New <${email}> accepted the invitation and joined as admin.`);

    // Used once: the same link, by any path, says so.
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "accepted" });
    await expect(acceptInvitationWithNewAccount(t.db, token!, { name: "Nina Again", password: "another long password" })).rejects.toMatchObject({ state: "accepted" });
    await expect(acceptInvitation(t.db, token!, user!.id)).rejects.toThrow(InvitationClosedError);
  });

  it("a link clicked twice at once joins once", async () => {
    const email = address("double-click");
    await invite(t.db, asOwner(), { email, role: "member" });
    const [token] = await mailedTokens(email);
    const results = await Promise.allSettled([
      acceptInvitationWithNewAccount(t.db, token!, { name: "Dee", password: "a long enough password" }),
      acceptInvitationWithNewAccount(t.db, token!, { name: "Dee", password: "a long enough password" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ state: "accepted" });
    expect(await t.db.selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
  });

  it("someone with an account joins only while signed in with the invited address; their password is untouched", async () => {
    const email = address("existing");
    const hash = await hashPassword("their own password");
    const existing = await t.db.insertInto("users").values({ email, name: "Ezra", password_hash: hash }).returning("id").executeTakeFirstOrThrow();
    const stranger = await t.db.insertInto("users").values({ email: address("stranger"), name: "S", password_hash: null }).returning(["id", "email"]).executeTakeFirstOrThrow();
    await invite(t.db, asAdmin(), { email, role: "member" });
    const [token] = await mailedTokens(email);
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "open", hasAccount: true });

    await expect(acceptInvitation(t.db, token!, stranger.id)).rejects.toThrow(`This invitation is for ${email}, but you are signed in as ${stranger.email}.`);
    await expect(acceptInvitationWithNewAccount(t.db, token!, { name: "Impostor", password: "a long enough password" })).rejects.toThrow(
      `There is already an account for ${email}. Sign in with it to accept the invitation.`,
    );
    expect(await membershipsOf(t.db, stranger.id)).toEqual([]);

    expect(await acceptInvitation(t.db, token!, existing.id)).toMatchObject({ orgId: t.orgId, role: "member", alreadyMember: false });
    expect((await membershipsOf(t.db, existing.id)).map((m) => m.role)).toEqual(["member"]);
    expect(await authenticate(t.db, email, "their own password")).not.toBeNull();
  });

  it("a person who is a member already keeps their role", async () => {
    const email = address("already");
    await invite(t.db, asOwner(), { email, role: "member" });
    const [token] = await mailedTokens(email);
    const user = await t.db.insertInto("users").values({ email, name: "Al", password_hash: null }).returning("id").executeTakeFirstOrThrow();
    // Added by other means after the invitation went out.
    await t.db.insertInto("memberships").values({ org_id: t.orgId, user_id: user.id, role: "admin" }).execute();
    expect(await acceptInvitation(t.db, token!, user.id)).toMatchObject({ role: "admin", alreadyMember: true });
  });
});

describe("a link that no longer works says why", () => {
  it("expired after 7 days; sent again, only the new link works, for 7 more days", async () => {
    const email = address("late");
    const sent = await invite(t.db, asOwner(), { email, role: "member" });
    const [old] = await mailedTokens(email);
    const later = new Date(Date.now() + 7 * DAY + 60_000);
    expect(await viewInvitation(t.db, old!, later)).toMatchObject({ state: "expired", invitedBy: expect.stringContaining("Olivia Owner") });
    await expect(acceptInvitationWithNewAccount(t.db, old!, { name: "Late", password: "a long enough password" }, later)).rejects.toThrow("This invitation has expired.");
    expect(await t.db.selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([]);
    expect((await listOpenInvitations(t.db, t.orgId, later)).find((i) => i.email === email)?.expired).toBe(true);

    // The holder of the expired link asks the inviter for a new one, once.
    expect(await askForNewInvitation(t.db, old!)).toBe("open");
    expect(await askForNewInvitation(t.db, old!, later)).toBe("asked");
    expect(await askForNewInvitation(t.db, old!, later)).toBe("already_asked");
    const ownerEmail = (await t.db.selectFrom("users").select("email").where("id", "=", owner.userId).executeTakeFirstOrThrow()).email;
    const ask = await waitFor(async () => {
      const found = ((await sandbox.inbox()).smtp.mails as SmtpMail[]).filter((m) => m.subject === `${email} asks for a new invitation to Test Org`);
      return found.length ? found : undefined;
    }, { what: "the request for a new invitation" });
    expect(ask).toHaveLength(1);
    expect(ask[0]!.envelope.to).toEqual([ownerEmail]);
    expect(ask[0]!.text).toContain("/settings/members");

    await resendInvitation(t.db, asAdmin(), sent.invitationId);
    const [, fresh] = await mailedTokens(email, 2);
    expect(await viewInvitation(t.db, old!)).toEqual({ state: "unknown" });
    expect(await viewInvitation(t.db, fresh!)).toMatchObject({ state: "open" });
    // A new week from the moment it was sent again.
    expect(await viewInvitation(t.db, fresh!, new Date(Date.now() + 7 * DAY - 60_000))).toMatchObject({ state: "open" });
    expect(await t.db.selectFrom("activity_log").select("summary").where("type", "=", "member.invitation_resent").where("summary", "like", `%${email}%`).execute()).toHaveLength(1);
  });

  it("revoked: the link says so, and revoking twice or resending is refused", async () => {
    const email = address("revoked");
    const sent = await invite(t.db, asOwner(), { email, role: "admin" });
    const [token] = await mailedTokens(email);
    expect(await revokeInvitation(t.db, asAdmin(), sent.invitationId)).toEqual({ email });
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "revoked" });
    await expect(acceptInvitationWithNewAccount(t.db, token!, { name: "R", password: "a long enough password" })).rejects.toThrow("This invitation was withdrawn.");
    expect(await askForNewInvitation(t.db, token!, new Date(Date.now() + 8 * DAY))).toBe("revoked");
    await expect(revokeInvitation(t.db, asOwner(), sent.invitationId)).rejects.toThrow(ConflictError);
    await expect(resendInvitation(t.db, asOwner(), sent.invitationId)).rejects.toThrow(ConflictError);
    const entry = await t.db.selectFrom("activity_log").select("summary").where("type", "=", "member.invitation_revoked").where("summary", "like", `%${email}%`).executeTakeFirstOrThrow();
    expect(entry.summary).toBe(`Adele Admin <adele.admin@example.test> revoked the invitation of ${email} as admin.`);
    // Revoked and accepted invitations leave the pending list; inviting again opens a new one.
    expect((await listOpenInvitations(t.db, t.orgId)).find((i) => i.email === email)).toBeUndefined();
    expect(await invite(t.db, asOwner(), { email, role: "member" })).toMatchObject({ resent: false });
  });

  it("an admin may not revoke an owner's invitation", async () => {
    const sent = await invite(t.db, asOwner(), { email: address("future-owner"), role: "owner" });
    await expect(revokeInvitation(t.db, asAdmin(), sent.invitationId)).rejects.toThrow(ForbiddenError);
    await expect(resendInvitation(t.db, asAdmin(), sent.invitationId)).rejects.toThrow(ForbiddenError);
  });

  it("a link that was never ours, or another organization's invitation id, finds nothing", async () => {
    expect(await viewInvitation(t.db, "short")).toEqual({ state: "unknown" });
    expect(await viewInvitation(t.db, "A".repeat(43))).toEqual({ state: "unknown" });
    await expect(acceptInvitation(t.db, "A".repeat(43), owner.userId)).rejects.toMatchObject({ state: "unknown" });
    await expect(revokeInvitation(t.db, asOwner(), "00000000-0000-4000-8000-000000000000")).rejects.toThrow("The invitation was not found");
    await expect(revokeInvitation(t.db, asOwner(), "nope")).rejects.toThrow("The invitation was not found");
  });
});
