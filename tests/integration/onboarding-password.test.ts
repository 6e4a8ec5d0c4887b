// "Forgot your password?" end to end: the same answer for every address, a link
// only to accounts, a form only for a link that works, a new password that ends
// the person's other sessions, and a link that is spent, expired, replaced or
// made up saying so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/accounts/create-user";
import { inspectPasswordLink } from "@/lib/accounts/password-reset";
import { issueToken } from "@/lib/accounts/tokens";
import { authOptions } from "@/lib/auth/options";
import { authenticate } from "@/lib/auth/users";
import { SMTP_VARIABLES } from "@/lib/mailer/config";
import { accountMailsSettled, linkToken, mailsTo, nthMailTo } from "../helpers/account-mail";
import { useIntegrationHarness } from "../helpers/integration-harness";

const { t, sandbox } = useIntegrationHarness();

const ENV = { APP_URL: "http://switchboard.example.test", RATE_LIMIT_ACCOUNT_IP: "off", RATE_LIMIT_ACCOUNT_EMAIL: "off" };
type Handler = (req: Request) => Promise<Response>;
let forgot: Handler;
let setPassword: Handler;

beforeAll(async () => {
  Object.assign(process.env, ENV, sandbox.appEnv, { DATABASE_URL: t.url });
  forgot = (await import("@/app/api/accounts/password-reset/route")).POST;
  setPassword = (await import("@/app/api/accounts/password/route")).POST;
});
afterAll(async () => {
  for (const name of [...SMTP_VARIABLES, ...Object.keys(ENV)]) delete process.env[name];
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

function post(handler: Handler, body: unknown): Promise<Response> {
  return handler(new Request("http://localhost/api/accounts/x", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
}

let n = 0;
const fresh = (who = "ana") => `${who}.${++n}.${Date.now().toString(36)}@reset.example.test`;
const OLD = "the-old-fake-password";
const NEW = "the-new-fake-password";

async function person(opts: { verified?: boolean; password?: string | null } = {}) {
  const email = fresh();
  const id = await t.db.transaction().execute((tx) =>
    createUser(tx, { email, name: "Ana", password: opts.password === undefined ? OLD : opts.password, emailVerifiedAt: opts.verified === false ? null : new Date() }),
  );
  return { email, id };
}

async function resetLink(email: string, nth = 1): Promise<string> {
  const res = await post(forgot, { email });
  expect(res.status).toBe(201);
  return linkToken(await nthMailTo(sandbox, email, nth), "/reset-password");
}

type Jwt = NonNullable<NonNullable<typeof authOptions.callbacks>["jwt"]>;
const jwt = (token: Record<string, unknown>) => (authOptions.callbacks!.jwt as Jwt)({ token, trigger: "update" } as never) as Promise<Record<string, unknown>>;

describe("asking for a link", () => {
  it("answers every address the same and mails a one-hour link only to an account", async () => {
    const { email } = await person();
    const unknown = fresh("nobody");
    const [known, other] = await Promise.all([post(forgot, { email }), post(forgot, { email: unknown })]);
    expect(known.status).toBe(201);
    expect(other.status).toBe(known.status);
    const body = await known.json();
    expect(await other.json()).toEqual(body);
    expect(body.message).toMatch(/If that address has a Switchboard account/);

    const mail = await nthMailTo(sandbox, email, 1);
    expect(mail.subject).toBe("Reset your Switchboard password");
    expect(mail.text).toMatch(/works once, for one hour/);
    await accountMailsSettled(t.db);
    expect(await mailsTo(sandbox, unknown)).toHaveLength(0);
  });

  it("refuses a malformed address with a field error", async () => {
    const res = await post(forgot, { email: "nope" });
    expect(res.status).toBe(400);
    expect((await res.json()).fields.email).toBeDefined();
  });
});

describe("choosing the new password", () => {
  it("sets it once, ends the sessions begun before, and keeps the ones begun after", async () => {
    const { email, id } = await person();
    const before = await jwt({ uid: id, signedInAt: Date.now() - 60_000 });
    expect(before.uid).toBe(id);
    const token = await resetLink(email);
    expect((await inspectPasswordLink(t.db, token)).state).toBe("valid");

    const res = await post(setPassword, { token, password: NEW, confirm: NEW });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ email });
    expect(await authenticate(t.db, email, OLD)).toBeNull();
    expect(await authenticate(t.db, email, NEW)).toMatchObject({ id });

    // The session from before the reset no longer has a user; one begun now does, and so does someone else's.
    expect((await jwt({ uid: id, signedInAt: Date.now() - 60_000 })).uid).toBeUndefined();
    expect((await jwt({ uid: id })).uid).toBeUndefined();
    expect((await jwt({ uid: id, signedInAt: Date.now() + 1 })).uid).toBe(id);
    const other = await person();
    expect((await jwt({ uid: other.id, signedInAt: 1 })).uid).toBe(other.id);

    // Spent: the form is not offered again and the API says it was used.
    expect((await inspectPasswordLink(t.db, token)).state).toBe("used");
    const again = await post(setPassword, { token, password: "yet-another-password", confirm: "yet-another-password" });
    expect(again.status).toBe(409);
    expect((await again.json()).message).toMatch(/already used/);
    expect(await authenticate(t.db, email, NEW)).toMatchObject({ id });
  });

  it("says an expired link expired and changes nothing", async () => {
    const { email, id } = await person();
    const token = await issueToken(t.db, id, "reset_password", new Date(Date.now() - 61 * 60_000));
    expect((await inspectPasswordLink(t.db, token)).state).toBe("expired");
    const res = await post(setPassword, { token, password: NEW, confirm: NEW });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/expired.*Ask for a new one/);
    expect(await authenticate(t.db, email, OLD)).toMatchObject({ id });
  });

  it("calls a made-up link not valid", async () => {
    const res = await post(setPassword, { token: "z".repeat(43), password: NEW, confirm: NEW });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/not valid/);
  });

  it("keeps the link when the two passwords differ or the new one is too short, and says which field", async () => {
    const { email } = await person();
    const token = await resetLink(email);
    const differ = await post(setPassword, { token, password: NEW, confirm: `${NEW}x` });
    expect(differ.status).toBe(400);
    expect((await differ.json()).fields.confirm[0]).toMatch(/differ/);
    const short = await post(setPassword, { token, password: "short", confirm: "short" });
    expect((await short.json()).fields.password[0]).toMatch(/at least 10/);
    expect((await inspectPasswordLink(t.db, token)).state).toBe("valid");
  });

  it("retires the older link once a newer one is used", async () => {
    const { email } = await person();
    const older = await resetLink(email, 1);
    const newer = await resetLink(email, 2);
    expect((await post(setPassword, { token: newer, password: NEW, confirm: NEW })).status).toBe(201);
    const res = await post(setPassword, { token: older, password: "older-link-password", confirm: "older-link-password" });
    expect(res.status).toBe(409);
    expect(await authenticate(t.db, email, NEW)).not.toBeNull();
  });

  it("confirms an unconfirmed address (the link proves the mailbox) and gives a password to an account that had none", async () => {
    const unconfirmed = await person({ verified: false });
    const token = await resetLink(unconfirmed.email);
    expect((await post(setPassword, { token, password: NEW, confirm: NEW })).status).toBe(201);
    expect(await authenticate(t.db, unconfirmed.email, NEW)).toMatchObject({ id: unconfirmed.id });

    const ssoOnly = await person({ password: null });
    const ssoToken = await resetLink(ssoOnly.email);
    expect((await post(setPassword, { token: ssoToken, password: NEW, confirm: NEW })).status).toBe(201);
    expect(await authenticate(t.db, ssoOnly.email, NEW)).toMatchObject({ id: ssoOnly.id });
  });
});
