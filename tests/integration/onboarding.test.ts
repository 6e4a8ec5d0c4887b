// Sign-up and e-mail confirmation, end to end through the real route handlers,
// the worker and the sandbox's SMTP server: a new organization and its owner,
// who cannot sign in with a password until the mailed link is opened; a second
// click, an expired or a made-up link; the same answer (and a note in the
// mailbox instead) for an address that already has an account; the open sign-up
// switch. Limits are off here: onboarding-limits.test.ts tests them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmailTakenError, createUser } from "@/lib/accounts/create-user";
import { openSignUpSetting, signUpOpen } from "@/lib/accounts/settings";
import { confirmEmail } from "@/lib/accounts/verification";
import { issueToken } from "@/lib/accounts/tokens";
import { buildProviders } from "@/lib/auth/providers";
import { passwordHashRounds, verifyPassword } from "@/lib/auth/password";
import { seedDemo } from "@/lib/demo/seed";
import { SMTP_VARIABLES } from "@/lib/mailer/config";
import { accountMailsSettled, linkToken, mailsTo, nthMailTo } from "../helpers/account-mail";
import { useIntegrationHarness } from "../helpers/integration-harness";

const { t, sandbox } = useIntegrationHarness();

const ENV = { OPEN_SIGNUP: "on", APP_URL: "http://switchboard.example.test", TRUST_PROXY_HOPS: "1", RATE_LIMIT_ACCOUNT_IP: "off", RATE_LIMIT_ACCOUNT_EMAIL: "off" };
type Handler = (req: Request) => Promise<Response>;
let routes: { signup: Handler; resend: Handler; confirm: Handler; renew: Handler };

beforeAll(async () => {
  Object.assign(process.env, ENV, sandbox.appEnv, { DATABASE_URL: t.url });
  routes = {
    signup: (await import("@/app/api/accounts/signup/route")).POST,
    resend: (await import("@/app/api/accounts/verification/route")).POST,
    confirm: (await import("@/app/api/accounts/verification/confirm/route")).POST,
    renew: (await import("@/app/api/accounts/verification/renew/route")).POST,
  };
});
afterAll(async () => {
  for (const name of [...SMTP_VARIABLES, ...Object.keys(ENV)]) delete process.env[name];
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

function post(handler: Handler, body: unknown): Promise<Response> {
  return handler(new Request("http://localhost/api/accounts/x", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
}

/** Signs in with a password through the credentials provider, as the sign-in form does: the user, or the error code next-auth would show. */
async function signIn(email: string, password: string): Promise<{ user: unknown; error: string | null }> {
  const provider = buildProviders({})[0] as unknown as { options: { authorize: (c: unknown, req: unknown) => Promise<unknown> } };
  return provider.options.authorize({ email, password }, { headers: {} }).then(
    (user) => ({ user, error: null }),
    (err: Error) => ({ user: null, error: err.message }),
  );
}

let n = 0;
const fresh = (who = "owner") => `${who}.${++n}.${Date.now().toString(36)}@signup.example.test`;
const PASSWORD = "a-long-fake-password";

describe("createUser", () => {
  it("normalises the e-mail, hashes the password, and refuses a taken address with a typed error, leaving the transaction usable", async () => {
    const email = fresh("create");
    const id = await t.db.transaction().execute((tx) => createUser(tx, { email: `  ${email.toUpperCase()} `, name: " Ana ", password: PASSWORD, emailVerifiedAt: null }));
    const row = await t.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email, name: "Ana", email_verified_at: null });
    expect(row.password_hash).toMatch(new RegExp(`^\\$2[aby]\\$${String(passwordHashRounds()).padStart(2, "0")}\\$`));
    expect(await verifyPassword(PASSWORD, row.password_hash!)).toBe(true);

    const after = await t.db.transaction().execute(async (tx) => {
      await expect(createUser(tx, { email: email.replace("create", "CREATE"), name: null, password: null, emailVerifiedAt: new Date() })).rejects.toBeInstanceOf(EmailTakenError);
      // Still usable: on conflict do nothing did not abort it.
      return tx.selectFrom("users").select("id").where("email", "=", email).execute();
    });
    expect(after).toHaveLength(1);
  });

  it("leaves users created without saying (the demo seed, SQL) verified, so the demo owner still signs in", async () => {
    const seeded = await seedDemo(t.db, { password: "demo-test-password" });
    const owner = await t.db.selectFrom("users").select("email_verified_at").where("email", "=", seeded.login.email).executeTakeFirstOrThrow();
    expect(owner.email_verified_at).toBeInstanceOf(Date);
    expect((await signIn(seeded.login.email, "demo-test-password")).user).toMatchObject({ email: seeded.login.email });
  });
});

describe("sign-up", () => {
  it("creates the organization and its unconfirmed owner, mails a link, and admits a password sign-in only once the link is opened", async () => {
    const email = fresh();
    const res = await post(routes.signup, { orgName: "Zürich Tech Meetups", name: "Ana Owner", email, password: PASSWORD });
    expect(res.status).toBe(201);
    expect((await res.json()).message).toContain(`we sent a link to ${email}`);

    const user = await t.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();
    const membership = await t.db
      .selectFrom("memberships as m")
      .innerJoin("organizations as o", "o.id", "m.org_id")
      .select(["o.name", "o.slug", "m.role", "o.id"])
      .where("m.user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ name: "Zürich Tech Meetups", role: "owner" });
    expect(membership.slug).toMatch(/^zurich-tech-meetups(-[0-9a-f]+)?$/);
    const log = await t.db.selectFrom("activity_log").select(["type", "summary"]).where("org_id", "=", membership.id).execute();
    expect(log).toEqual([{ type: "organization.created", summary: expect.stringContaining(email) }]);

    const mail = await nthMailTo(sandbox, email, 1);
    expect(mail.subject).toBe("Confirm your e-mail address for Switchboard");
    expect(mail.text).toContain("http://switchboard.example.test/verify-email/");
    const token = linkToken(mail, "/verify-email");
    // Only a hash of the token is stored.
    const stored = await t.db.selectFrom("account_tokens").select("token_hash").where("user_id", "=", user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);

    // The right password, unconfirmed: refused with its own reason; a wrong one reveals nothing.
    expect(await signIn(email, PASSWORD)).toEqual({ user: null, error: "EmailNotConfirmed" });
    expect(await signIn(email, "the-wrong-password")).toEqual({ user: null, error: null });

    const confirmed = await post(routes.confirm, { token });
    expect(confirmed.status).toBe(201);
    expect(await confirmed.json()).toEqual({ outcome: "confirmed" });
    expect((await signIn(email, PASSWORD)).user).toMatchObject({ id: user.id, email });
    // A second click (or a mail scanner's first) is not an error to the person.
    expect(await confirmEmail(t.db, token)).toBe("confirmed");
  });

  it("keeps what was typed out of the database when a field is wrong, and says which field", async () => {
    const email = fresh();
    const res = await post(routes.signup, { orgName: " ", name: "Ana", email: "not-an-address", password: "short" });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(Object.keys(body.fields).sort()).toEqual(["email", "orgName", "password"]);
    expect(body.fields.password[0]).toMatch(/at least 10 characters/);
    const long = await post(routes.signup, { orgName: "Org", name: "Ana", email, password: "é".repeat(40) });
    expect((await long.json()).fields.password[0]).toMatch(/under 72 bytes/);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
  });

  it("answers an address that already has an account exactly as a new one, creates nothing, and mails a note instead of a link", async () => {
    const email = fresh("taken");
    const first = await post(routes.signup, { orgName: "First Org", name: "Ana", email, password: PASSWORD });
    const orgsBefore = await t.db.selectFrom("organizations").select("id").execute();
    const again = await post(routes.signup, { orgName: "Second Org", name: "Someone Else", email: email.toUpperCase(), password: "another-fake-password" });
    expect(again.status).toBe(first.status);
    expect(await again.json()).toEqual(await first.json());
    expect(await t.db.selectFrom("organizations").select("id").execute()).toHaveLength(orgsBefore.length);

    await nthMailTo(sandbox, email, 2);
    await accountMailsSettled(t.db);
    const mails = await mailsTo(sandbox, email);
    expect(mails.map((m) => m.subject).sort()).toEqual(["Confirm your e-mail address for Switchboard", "You already have a Switchboard account"]);
    const note = mails.find((m) => m.subject === "You already have a Switchboard account")!;
    expect(note.text).toContain("http://switchboard.example.test/forgot-password");
    expect(note.text).not.toMatch(/verify-email|reset-password\//);
    // The account is unchanged: its password is still the first one.
    const user = await t.db.selectFrom("users").select(["password_hash", "name"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(user.name).toBe("Ana");
    expect(await verifyPassword(PASSWORD, user.password_hash!)).toBe(true);
  });

  it("is refused with the by-invitation sentence when open sign-up is off, and creates nothing", async () => {
    process.env.OPEN_SIGNUP = "off";
    try {
      const email = fresh();
      const res = await post(routes.signup, { orgName: "Closed Org", name: "Ana", email, password: PASSWORD });
      expect(res.status).toBe(409);
      expect((await res.json()).message).toMatch(/Sign-up is by invitation/);
      expect(await t.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
    } finally {
      process.env.OPEN_SIGNUP = "on";
    }
  });
});

describe("the open sign-up switch", () => {
  it("defaults to open where the sandbox runs and closed on a server with its own database; OPEN_SIGNUP decides otherwise", () => {
    expect(openSignUpSetting({})).toBe(true);
    expect(openSignUpSetting({ DATABASE_URL: "postgres://db.example.test/x" })).toBe(false);
    expect(openSignUpSetting({ DATABASE_URL: "postgres://db.example.test/x", SANDBOX: "on" })).toBe(true);
    expect(openSignUpSetting({ DATABASE_URL: "postgres://db.example.test/x", OPEN_SIGNUP: "on" })).toBe(true);
    expect(openSignUpSetting({ OPEN_SIGNUP: "off" })).toBe(false);
    expect(() => openSignUpSetting({ OPEN_SIGNUP: "yes" })).toThrow(/OPEN_SIGNUP must be "on" or "off"/);
  });

  it("stays closed without a mailer, since nobody could confirm their address", () => {
    expect(signUpOpen({ OPEN_SIGNUP: "on" })).toBe(false);
    expect(signUpOpen({ OPEN_SIGNUP: "on", SMTP_HOST: "127.0.0.1", SMTP_PORT: "2525", SMTP_FROM: "switchboard@example.test" })).toBe(true);
    // Half set is not a mailer.
    expect(signUpOpen({ OPEN_SIGNUP: "on", SMTP_HOST: "127.0.0.1" })).toBe(false);
  });
});

describe("confirmation links", () => {
  async function unconfirmedOwner() {
    const email = fresh();
    await post(routes.signup, { orgName: "Links Org", name: "Ana", email, password: PASSWORD });
    const token = linkToken(await nthMailTo(sandbox, email, 1), "/verify-email");
    const user = await t.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    return { email, token, userId: user.id };
  }

  it("says an expired link expired, confirms nothing, and sends a new one to the same address that works", async () => {
    const { email, userId } = await unconfirmedOwner();
    const old = await issueToken(t.db, userId, "verify_email", new Date(Date.now() - 25 * 3600_000));
    expect(await (await post(routes.confirm, { token: old })).json()).toEqual({ outcome: "expired" });
    expect((await t.db.selectFrom("users").select("email_verified_at").where("id", "=", userId).executeTakeFirstOrThrow()).email_verified_at).toBeNull();

    const renewed = await post(routes.renew, { token: old });
    expect(renewed.status).toBe(201);
    expect((await renewed.json()).message).toMatch(/new link is on its way/);
    const renewedToken = linkToken(await nthMailTo(sandbox, email, 2), "/verify-email");
    expect(await confirmEmail(t.db, renewedToken)).toBe("confirmed");
    expect(await signIn(email, PASSWORD)).toMatchObject({ error: null });
  });

  it("calls a made-up, truncated or wrong-purpose link unknown and mails nobody for it", async () => {
    const { email, userId } = await unconfirmedOwner();
    const reset = await issueToken(t.db, userId, "reset_password");
    for (const token of ["x".repeat(43), "short", reset, ""]) {
      expect(await (await post(routes.confirm, { token })).json()).toEqual({ outcome: "unknown" });
    }
    expect((await post(routes.renew, { token: "y".repeat(43) })).status).toBe(201);
    await accountMailsSettled(t.db);
    expect(await mailsTo(sandbox, email)).toHaveLength(1);
  });

  it("spends a link once even when two clicks race, and one confirmation retires the person's other links", async () => {
    const { token, userId } = await unconfirmedOwner();
    const second = await issueToken(t.db, userId, "verify_email");
    const outcomes = await Promise.all([confirmEmail(t.db, token), confirmEmail(t.db, token)]);
    expect(outcomes).toEqual(["confirmed", "confirmed"]);
    const used = await t.db.selectFrom("account_tokens").select("used_at").where("user_id", "=", userId).where("purpose", "=", "verify_email").execute();
    expect(used).toHaveLength(2);
    expect(used.every((r) => r.used_at !== null)).toBe(true);
    expect(await confirmEmail(t.db, second)).toBe("confirmed");
  });

  it("answers 'send a new link' the same for an unconfirmed, a confirmed and an unknown address, and mails only the unconfirmed one", async () => {
    const { email: unconfirmed } = await unconfirmedOwner();
    const confirmed = (await unconfirmedOwner()).email;
    await t.db.updateTable("users").set({ email_verified_at: new Date() }).where("email", "=", confirmed).execute();
    const unknown = fresh("nobody");
    const answers = await Promise.all([unconfirmed, confirmed, unknown].map(async (email) => {
      const res = await post(routes.resend, { email });
      return { status: res.status, body: await res.json() };
    }));
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    await nthMailTo(sandbox, unconfirmed, 2);
    await accountMailsSettled(t.db);
    expect(await mailsTo(sandbox, confirmed)).toHaveLength(1);
    expect(await mailsTo(sandbox, unknown)).toHaveLength(0);
  });
});
