// What an invitation may not do: outlive its sender's right to hand out its
// role, hand over an account made by someone who never proved the address, leave
// its link in the job table, claim to be sent where no mail server is, or ask
// for a new one only once in its life. Through the real worker and the sandbox's
// SMTP server.
import { createServer } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { confirmEmail } from "@/lib/accounts/verification";
import { issueToken } from "@/lib/accounts/tokens";
import { hashPassword } from "@/lib/auth/password";
import { authenticate, membershipsOf } from "@/lib/auth/users";
import { ConflictError } from "@/lib/domain/errors";
import { SMTP_VARIABLES } from "@/lib/mailer/config";
import { acceptInvitation, acceptInvitationWithNewAccount, closedMessage, viewInvitation } from "@/lib/members/accept";
import { invite, listOpenInvitations, resendInvitation } from "@/lib/members/invitations";
import { askForNewInvitation } from "@/lib/members/renewal";
import { changeRole, removeMember } from "@/lib/members/roster";
import type { SmtpMail } from "../../sandbox/smtp/state";
import { makeUser } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const DAY = 86_400_000;
let n = 0;
const address = (what: string) => `${what}.${++n}.safety@example.test`;
const asOwner = () => ({ orgId: t.orgId, userId: owner.userId });

/** A port nothing listens on: the SMTP server "down". */
let closedPort = 0;
beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  for (const name of SMTP_VARIABLES) delete process.env[name];
  Object.assign(process.env, sandbox.appEnv);
});
afterAll(() => {
  for (const name of SMTP_VARIABLES) delete process.env[name];
});

async function mailsTo(to: string): Promise<SmtpMail[]> {
  return ((await sandbox.inbox()).smtp.mails as SmtpMail[]).filter((m) => m.envelope.to.includes(to));
}

/** The invitation links mailed to an address, oldest first, once `count` have arrived. */
async function mailedTokens(to: string, count = 1): Promise<string[]> {
  const mails = await waitFor(async () => {
    const found = await mailsTo(to);
    return found.length >= count ? found : undefined;
  }, { what: `${count} invitation mail(s) to ${to}` });
  return mails.map((m) => /\/invite\/([A-Za-z0-9_-]{43})\b/.exec(m.text ?? "")![1]!);
}

async function jobPayloads(): Promise<string[]> {
  // The public jobs view leaves the payload out; the table holds it.
  const r = await sql<{ task: string; payload: string }>`select t.identifier as task, j.payload::text as payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id`.execute(t.db);
  return r.rows.map((row) => `${row.task} ${row.payload}`);
}

/** The activity entry of an invitation of `email`, once its summary matches. */
async function entryOf(email: string, type: string, summary: string) {
  return waitFor(
    () => t.db.selectFrom("activity_log").select(["id", "summary"]).where("org_id", "=", t.orgId).where("type", "=", type).where("summary", "like", `%${email}%`).where("summary", "like", `%${summary}%`).executeTakeFirst(),
    { what: `the ${type} entry of ${email} to say "${summary}"` },
  );
}

/** Runs the invitation jobs waiting on their backoff now. */
async function retryInvitationMailsNow() {
  await sql`update graphile_worker._private_jobs set run_at = now() where key like 'invitation-mail:%' and locked_at is null`.execute(t.db);
}

describe("an invitation works only while its sender may hand out its role", () => {
  it("an owner removed by the others cannot come back through an owner invitation she sent to another address", async () => {
    const mallory = await makeUser(t.db, t.orgId, "owner", address("mallory"));
    const alt = address("mallory-alt");
    await invite(t.db, { orgId: t.orgId, userId: mallory.id }, { email: alt, role: "owner" });
    const [token] = await mailedTokens(alt);
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "open" });

    await removeMember(t.db, asOwner(), mallory.id);

    // The page shows why, instead of a button that would fail.
    const view = await viewInvitation(t.db, token!);
    expect(view).toMatchObject({ state: "withdrawn", role: "owner", email: alt });
    const message = closedMessage("withdrawn", view.state === "withdrawn" ? view.invitedBy : null, "owner");
    expect(message).toContain("This invitation was withdrawn:");
    expect(message).toContain("can no longer invite you as owner. Ask an owner of the organization for a new one.");
    await expect(acceptInvitationWithNewAccount(t.db, token!, { name: "Mallory Again", password: "a long enough password" })).rejects.toMatchObject({
      state: "withdrawn",
      message: expect.stringContaining("the person who sent it can no longer invite you as owner"),
    });
    expect(await t.db.selectFrom("users").select("id").where("email", "=", alt).execute()).toEqual([]);

    // The pending list says so beside it.
    expect((await listOpenInvitations(t.db, t.orgId)).find((i) => i.email === alt)).toMatchObject({ withdrawn: true });

    // An owner who wants her back sends it again, and now speaks for it.
    const open = await t.db.selectFrom("member_invitations").select("id").where("email", "=", alt).executeTakeFirstOrThrow();
    await resendInvitation(t.db, asOwner(), open.id);
    expect((await listOpenInvitations(t.db, t.orgId)).find((i) => i.email === alt)).toMatchObject({ withdrawn: false });
    const [, fresh] = await mailedTokens(alt, 2);
    expect(await acceptInvitationWithNewAccount(t.db, fresh!, { name: "Mallory Alt", password: "a long enough password" })).toMatchObject({ role: "owner" });
  });

  it("an admin demoted to member: the admin invitation they sent cannot be used while they are a member", async () => {
    const adam = await makeUser(t.db, t.orgId, "admin", address("adam"));
    const email = address("adams-pick");
    await invite(t.db, { orgId: t.orgId, userId: adam.id }, { email, role: "admin" });
    const [token] = await mailedTokens(email);

    await changeRole(t.db, asOwner(), adam.id, { role: "member" });
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "withdrawn", role: "admin" });
    await expect(acceptInvitationWithNewAccount(t.db, token!, { name: "Pick", password: "a long enough password" })).rejects.toMatchObject({ state: "withdrawn" });

    await changeRole(t.db, asOwner(), adam.id, { role: "admin" });
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "open" });
  });
});

describe("accepting with the invited address takes over an account that was never confirmed", () => {
  async function squatter(email: string) {
    const user = await t.db
      .insertInto("users")
      .values({ email, name: "Squatter", password_hash: await hashPassword("the squatter's password"), email_verified_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The confirmation mail the squatter had sent to the address, clicked by its owner later.
    const pending = await issueToken(t.db, user.id, "verify_email");
    return { id: user.id, pending };
  }

  it("as a new account: the squatter's name and password are replaced, and their confirmation link changes nothing", async () => {
    const email = address("victim");
    const s = await squatter(email);
    await invite(t.db, asOwner(), { email, role: "member" });
    const [token] = await mailedTokens(email);
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "open", hasAccount: false });

    expect(await acceptInvitationWithNewAccount(t.db, token!, { name: "Vera Victim", password: "vera's own password" })).toMatchObject({ orgId: t.orgId, role: "member", email });
    expect(await authenticate(t.db, email, "the squatter's password")).toBeNull();
    expect(await authenticate(t.db, email, "vera's own password")).toEqual({ id: s.id, email, name: "Vera Victim" });
    expect((await membershipsOf(t.db, s.id)).map((m) => m.orgId)).toContain(t.orgId);

    expect(await confirmEmail(t.db, s.pending)).toBe("confirmed");
    expect(await authenticate(t.db, email, "the squatter's password")).toBeNull();
    expect(await authenticate(t.db, email, "vera's own password")).not.toBeNull();
  });

  it("signed in to it (an account reached by single sign-on before): the squatter's password is dropped", async () => {
    const email = address("signed-in-victim");
    const s = await squatter(email);
    await invite(t.db, asOwner(), { email, role: "member" });
    const [token] = await mailedTokens(email);
    await acceptInvitation(t.db, token!, s.id);
    const row = await t.db.selectFrom("users").select(["password_hash", "email_verified_at"]).where("id", "=", s.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBeNull();
    expect(row.email_verified_at).toBeInstanceOf(Date);
    expect(await confirmEmail(t.db, s.pending)).toBe("confirmed");
    expect(await authenticate(t.db, email, "the squatter's password")).toBeNull();
  });

  it("a confirmed account is not taken over: its owner signs in to accept", async () => {
    const email = address("confirmed");
    await t.db.insertInto("users").values({ email, name: "Cora", password_hash: await hashPassword("cora's password"), email_verified_at: new Date() }).execute();
    await invite(t.db, asOwner(), { email, role: "member" });
    const [token] = await mailedTokens(email);
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "open", hasAccount: true });
    await expect(acceptInvitationWithNewAccount(t.db, token!, { name: "Not Cora", password: "a long enough password" })).rejects.toThrow(`There is already an account for ${email}.`);
    expect(await authenticate(t.db, email, "cora's password")).toMatchObject({ name: "Cora" });
  });
});

describe("the invitation link is made by the job that mails it", () => {
  it("never rests in the job table, even while the mail server is down; a link replaced before it went out is not mailed", async () => {
    const email = address("while-down");
    process.env.SMTP_PORT = String(closedPort);
    const first = await invite(t.db, asOwner(), { email, role: "member" });
    await entryOf(email, "member.invited", "Not e-mailed yet (attempt ");
    // Inviting the address again while the first mail waits: that one must not go out.
    await invite(t.db, asOwner(), { email, role: "admin" });
    await entryOf(email, "member.invitation_resent", "Not e-mailed yet (attempt ");
    const waiting = await jobPayloads();
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    for (const job of waiting) expect(job).not.toContain("/invite/");
    expect(waiting.filter((j) => j.startsWith("send_invitation_mail"))).toHaveLength(2);

    process.env.SMTP_PORT = sandbox.appEnv.SMTP_PORT;
    await retryInvitationMailsNow();
    const [token] = await mailedTokens(email);
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "open", role: "admin" });
    const replaced = await entryOf(email, "member.invited", "Not e-mailed (the invitation was sent again at");
    expect(replaced.summary).toContain("that e-mail carries the link");
    await entryOf(email, "member.invitation_resent", `E-mailed to ${email}`);
    await waitFor(async () => !(await jobPayloads()).some((j) => j.startsWith("send_invitation_mail")), { what: "the invitation jobs to finish" });
    expect(await mailsTo(email)).toHaveLength(1);
    const stored = await t.db.selectFrom("member_invitations").select("token_hash").where("id", "=", first.invitationId).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("a mail refused for a moment is retried with a fresh link; only the one that arrived works", async () => {
    const email = address("greylisted");
    await sandbox.control("smtp/refuse", { code: 451, times: 1 });
    await invite(t.db, asOwner(), { email, role: "member" });
    await entryOf(email, "member.invited", "Not e-mailed yet (attempt ");
    for (const job of await jobPayloads()) expect(job).not.toContain("/invite/");
    await retryInvitationMailsNow();
    const [token] = await mailedTokens(email);
    expect(await viewInvitation(t.db, token!)).toMatchObject({ state: "open" });
    await entryOf(email, "member.invited", `E-mailed to ${email}`);
  });

  it("an invitation whose sender lost the right to send it before it went out is not mailed, and the entry says why", async () => {
    const ada = await makeUser(t.db, t.orgId, "admin", address("ada"));
    const email = address("never-mailed");
    process.env.SMTP_PORT = String(closedPort);
    await invite(t.db, { orgId: t.orgId, userId: ada.id }, { email, role: "member" });
    await entryOf(email, "member.invited", "Not e-mailed yet (attempt ");
    await removeMember(t.db, asOwner(), ada.id);
    process.env.SMTP_PORT = sandbox.appEnv.SMTP_PORT;
    await retryInvitationMailsNow();
    await entryOf(email, "member.invited", "Not e-mailed (the person who sent it can no longer invite anyone as member).");
    expect(await mailsTo(email)).toEqual([]);
  });
});

describe("without a mail server", () => {
  it("inviting and sending again are refused with what to set, and nothing is recorded as sent", async () => {
    const email = address("pending");
    const sent = await invite(t.db, asOwner(), { email, role: "member" });
    await mailedTokens(email);
    for (const name of SMTP_VARIABLES) delete process.env[name];

    const nobody = address("nobody");
    await expect(invite(t.db, asOwner(), { email: nobody, role: "member" })).rejects.toThrow(ConflictError);
    await expect(invite(t.db, asOwner(), { email: nobody, role: "member" })).rejects.toThrow(
      "Invitations go out by e-mail and this server has no mail server: set SMTP_HOST and SMTP_FROM (and SMTP_USER and SMTP_PASSWORD if the server asks for them) and restart Switchboard",
    );
    await expect(resendInvitation(t.db, asOwner(), sent.invitationId)).rejects.toThrow("this server has no mail server");
    expect(await t.db.selectFrom("member_invitations").select("id").where("email", "=", nobody).execute()).toEqual([]);

    process.env.SMTP_HOST = sandbox.appEnv.SMTP_HOST!;
    await expect(invite(t.db, asOwner(), { email: nobody, role: "member" })).rejects.toThrow("this server's mail settings are incomplete: SMTP_FROM is not set");
    expect(await t.db.selectFrom("activity_log").select("id").where("summary", "like", `%${nobody}%`).execute()).toEqual([]);
  });
});

describe("asking for a new invitation", () => {
  it("works again after the invitation was sent again and expired a second time", async () => {
    const email = address("twice-late");
    const sent = await invite(t.db, asOwner(), { email, role: "member" });
    const [first] = await mailedTokens(email);
    expect(await askForNewInvitation(t.db, first!, new Date(Date.now() + 7 * DAY + 60_000))).toBe("asked");

    await resendInvitation(t.db, asOwner(), sent.invitationId);
    const [, second] = await mailedTokens(email, 2);
    expect(await askForNewInvitation(t.db, second!, new Date(Date.now() + 14 * DAY + 120_000))).toBe("asked");

    const ownerEmail = (await t.db.selectFrom("users").select("email").where("id", "=", owner.userId).executeTakeFirstOrThrow()).email;
    const asks = await waitFor(async () => {
      const found = ((await sandbox.inbox()).smtp.mails as SmtpMail[]).filter((m) => m.subject === `${email} asks for a new invitation to Test Org`);
      return found.length >= 2 ? found : undefined;
    }, { what: "two requests for a new invitation" });
    expect(asks.map((m) => m.envelope.to)).toEqual([[ownerEmail], [ownerEmail]]);
  });
});
