// OAuth sign-in links to an existing account only through an e-mail the provider
// vouches for, and on Microsoft's multi-tenant endpoint only through the identity
// (oid, tid) recorded at first link. The real signIn and jwt callbacks, with
// profiles shaped as Google, GitHub and Microsoft send them.
import type { Account, Profile, User } from "next-auth";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { issueToken } from "@/lib/accounts/tokens";
import { confirmEmail } from "@/lib/accounts/verification";
import { hashPassword } from "@/lib/auth/password";
import { authenticate } from "@/lib/auth/users";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";

vi.mock("@/lib/auth/session", () => ({ currentMember: async () => null, signedInUser: async () => null }));

let t: TestDatabase;
let authOptions: typeof import("@/lib/auth/options").authOptions;
let LoginPage: typeof import("@/app/login/page").default;
let orgId: string;

beforeAll(async () => {
  t = await freshDatabase();
  // The callbacks use the process-wide pool, which reads DATABASE_URL on first use.
  process.env.DATABASE_URL = t.url;
  ({ authOptions } = await import("@/lib/auth/options"));
  ({ default: LoginPage } = await import("@/app/login/page"));
  orgId = (await makeOrg(t.db)).id;
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().destroy();
  await t.drop();
});
afterEach(() => {
  delete process.env.MICROSOFT_TENANT_ID;
});

let seq = 0;
async function person(prefix: string) {
  const email = `${prefix}-${++seq}@example.test`;
  const user = await makeUser(t.db, orgId, "member", email);
  return { id: user.id, email };
}

function account(provider: string, providerAccountId: string): Account {
  return { provider, type: "oauth", providerAccountId, access_token: "fake-access-token", token_type: "bearer" };
}

async function signIn(provider: string, profile: Record<string, unknown>, providerAccountId: string) {
  const user = { id: providerAccountId, email: typeof profile.email === "string" ? profile.email : null } as User;
  const acct = account(provider, providerAccountId);
  const outcome = await authOptions.callbacks!.signIn!({ user, account: acct, profile: profile as Profile });
  if (outcome !== true) return outcome;
  const token = await authOptions.callbacks!.jwt!({ token: {}, user, account: acct, profile: profile as Profile, trigger: "signIn" });
  return { uid: token.uid };
}

async function identities(userId: string) {
  return t.db.selectFrom("oauth_identities").select(["provider", "tenant", "subject"]).where("user_id", "=", userId).orderBy("created_at").execute();
}

// --- Google: the ID token's claims ---------------------------------------------
function googleProfile(sub: string, email: string, emailVerified: unknown): Record<string, unknown> {
  return {
    iss: "https://accounts.google.com",
    azp: "fake-client-id.apps.googleusercontent.com",
    aud: "fake-client-id.apps.googleusercontent.com",
    sub,
    email,
    ...(emailVerified === undefined ? {} : { email_verified: emailVerified }),
    at_hash: "fakeAtHash",
    name: "Test Person",
    picture: "https://lh3.googleusercontent.com/a/fake",
    given_name: "Test",
    family_name: "Person",
    iat: 1_900_000_000,
    exp: 1_900_003_600,
  };
}

describe("Google", () => {
  it("signs in an existing user whose e-mail Google verified, and records the identity", async () => {
    const ana = await person("ana");
    expect(await signIn("google", googleProfile("110000000000000000001", ana.email, true), "110000000000000000001")).toEqual({ uid: ana.id });
    expect(await identities(ana.id)).toEqual([{ provider: "google", tenant: "", subject: "110000000000000000001" }]);
  });

  it.each([false, "false", undefined])("refuses an e-mail Google did not verify (email_verified %j)", async (verified) => {
    const ben = await person("ben");
    const outcome = await signIn("google", googleProfile(`1100000000000000002${seq}`, ben.email, verified), `1100000000000000002${seq}`);
    expect(outcome).toBe("/login?error=EmailNotVerified&provider=google");
    expect(await identities(ben.id)).toEqual([]);
  });

  it("refuses a verified e-mail nobody was invited with", async () => {
    expect(await signIn("google", googleProfile("110000000000000000003", "stranger@example.test", true), "110000000000000000003")).toBe("/login?error=NotInvited&provider=google");
  });

  it("takes over an account someone made with the address but never confirmed: their password and pending confirmation link stop working", async () => {
    // Someone signed up with the victim's address and chose the password; the confirmation mail waits in the victim's inbox.
    const email = `victim-${++seq}@example.test`;
    const squatter = await t.db
      .insertInto("users")
      .values({ email, name: "Squatter", password_hash: await hashPassword("the squatter's password"), email_verified_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("memberships").values({ org_id: orgId, user_id: squatter.id, role: "member" }).execute();
    const pending = await issueToken(t.db, squatter.id, "verify_email");

    expect(await signIn("google", googleProfile("110000000000000000009", email, true), "110000000000000000009")).toEqual({ uid: squatter.id });
    const row = await t.db.selectFrom("users").select(["password_hash", "email_verified_at"]).where("id", "=", squatter.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBeNull();
    expect(row.email_verified_at).toBeInstanceOf(Date);
    // The victim clicks the old confirmation mail: nothing is handed back.
    expect(await confirmEmail(t.db, pending)).toBe("confirmed");
    expect(await authenticate(t.db, email, "the squatter's password")).toBeNull();
  });

  it("leaves a confirmed account's password alone", async () => {
    const email = `confirmed-${++seq}@example.test`;
    const user = await t.db.insertInto("users").values({ email, name: "Cy", password_hash: await hashPassword("cy's own password"), email_verified_at: new Date() }).returning("id").executeTakeFirstOrThrow();
    await t.db.insertInto("memberships").values({ org_id: orgId, user_id: user.id, role: "member" }).execute();
    expect(await signIn("google", googleProfile("110000000000000000010", email, true), "110000000000000000010")).toEqual({ uid: user.id });
    expect(await authenticate(t.db, email, "cy's own password")).toMatchObject({ id: user.id });
  });

  it("refuses a Google identity linked to one account that now asserts another account's e-mail", async () => {
    const cleo = await person("cleo");
    const dan = await person("dan");
    expect(await signIn("google", googleProfile("110000000000000000004", cleo.email, true), "110000000000000000004")).toEqual({ uid: cleo.id });
    expect(await signIn("google", googleProfile("110000000000000000004", dan.email, true), "110000000000000000004")).toBe("/login?error=IdentityLinkedElsewhere&provider=google");
    expect(await identities(dan.id)).toEqual([]);
  });
});

// --- GitHub: /user, plus /user/emails as the provider's userinfo request adds it ---
function githubProfile(id: number, publicEmail: string | null, emails: Array<{ email: string; primary: boolean; verified: boolean }> | undefined) {
  return {
    login: `octo${id}`,
    id,
    node_id: `MDQ6VXNlcj${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    type: "User",
    name: "Octo Person",
    email: publicEmail,
    ...(emails === undefined ? {} : { emails: emails.map((e) => ({ ...e, visibility: e.primary ? "private" : null })) }),
  };
}

describe("GitHub", () => {
  it("signs in with the primary, verified address from /user/emails", async () => {
    const eve = await person("eve");
    const profile = githubProfile(5001, null, [
      { email: "eve-old@example.test", primary: false, verified: true },
      { email: eve.email, primary: true, verified: true },
    ]);
    expect(await signIn("github", profile, "5001")).toEqual({ uid: eve.id });
    expect(await identities(eve.id)).toEqual([{ provider: "github", tenant: "", subject: "5001" }]);
  });

  it("does not take the profile's public e-mail as proof", async () => {
    const fay = await person("fay");
    // Anyone can type any address as their public profile e-mail.
    const profile = githubProfile(5002, fay.email, [{ email: "attacker@example.test", primary: true, verified: true }]);
    expect(await signIn("github", profile, "5002")).toBe("/login?error=NotInvited&provider=github");
    expect(await identities(fay.id)).toEqual([]);
  });

  it("refuses a primary address GitHub has not verified", async () => {
    const gus = await person("gus");
    const profile = githubProfile(5003, gus.email, [{ email: gus.email, primary: true, verified: false }]);
    expect(await signIn("github", profile, "5003")).toBe("/login?error=EmailNotVerified&provider=github");
  });

  it("refuses a verified address that is not the primary one", async () => {
    const hal = await person("hal");
    const profile = githubProfile(5004, null, [
      { email: "hal-primary@example.test", primary: true, verified: false },
      { email: hal.email, primary: false, verified: true },
    ]);
    expect(await signIn("github", profile, "5004")).toBe("/login?error=EmailNotVerified&provider=github");
    expect(await identities(hal.id)).toEqual([]);
  });

  it("refuses when the e-mail list could not be read", async () => {
    const ivy = await person("ivy");
    expect(await signIn("github", githubProfile(5005, ivy.email, undefined), "5005")).toBe("/login?error=EmailNotVerified&provider=github");
  });
});

// --- Microsoft Entra ID: v2.0 ID token claims -----------------------------------
const HOME_TENANT = "11111111-1111-4111-8111-111111111111";
const OTHER_TENANT = "22222222-2222-4222-8222-222222222222";

function microsoftProfile(opts: { oid: string; tid: string; email: string; edov?: unknown }) {
  return {
    aud: "00000000-0000-4000-8000-0000000000aa",
    iss: `https://login.microsoftonline.com/${opts.tid}/v2.0`,
    iat: 1_900_000_000,
    nbf: 1_900_000_000,
    exp: 1_900_003_600,
    email: opts.email,
    name: "Entra Person",
    oid: opts.oid,
    preferred_username: opts.email,
    rh: "0.fake",
    sub: `pairwise-${opts.oid}`,
    tid: opts.tid,
    uti: "fakeUti",
    ver: "2.0",
    ...(opts.edov === undefined ? {} : { xms_edov: opts.edov }),
  };
}
const oid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("Microsoft on the multi-tenant endpoint", () => {
  it("links at first sign-in only when the tenant owns the e-mail's domain (xms_edov), then signs in by oid and tid alone", async () => {
    const jo = await person("jo");
    const first = microsoftProfile({ oid: oid(1), tid: HOME_TENANT, email: jo.email, edov: true });
    expect(await signIn("azure-ad", first, first.sub)).toEqual({ uid: jo.id });
    expect(await identities(jo.id)).toEqual([{ provider: "azure-ad", tenant: HOME_TENANT, subject: oid(1) }]);
    // Later tokens need not carry the claim: the recorded identity is the proof.
    const later = microsoftProfile({ oid: oid(1), tid: HOME_TENANT, email: jo.email });
    expect(await signIn("azure-ad", later, later.sub)).toEqual({ uid: jo.id });
  });

  it("refuses a first link on an e-mail alone: any tenant can give any user any e-mail", async () => {
    const kim = await person("kim");
    const forged = microsoftProfile({ oid: oid(2), tid: OTHER_TENANT, email: kim.email });
    expect(await signIn("azure-ad", forged, forged.sub)).toBe("/login?error=FirstLinkUnproven&provider=azure-ad");
    expect(await signIn("azure-ad", microsoftProfile({ oid: oid(2), tid: OTHER_TENANT, email: kim.email, edov: false }), "x")).toBe(
      "/login?error=FirstLinkUnproven&provider=azure-ad",
    );
    expect(await identities(kim.id)).toEqual([]);
  });

  it("refuses the same e-mail from another tenant once an identity is recorded", async () => {
    const lea = await person("lea");
    await signIn("azure-ad", microsoftProfile({ oid: oid(3), tid: HOME_TENANT, email: lea.email, edov: true }), "a");
    const otherTenant = microsoftProfile({ oid: oid(4), tid: OTHER_TENANT, email: lea.email, edov: true });
    expect(await signIn("azure-ad", otherTenant, otherTenant.sub)).toBe("/login?error=AnotherIdentityLinked&provider=azure-ad");
    expect(await identities(lea.id)).toEqual([{ provider: "azure-ad", tenant: HOME_TENANT, subject: oid(3) }]);
  });

  it("refuses the same e-mail with another oid in the same tenant", async () => {
    const max = await person("max");
    await signIn("azure-ad", microsoftProfile({ oid: oid(5), tid: HOME_TENANT, email: max.email, edov: true }), "a");
    const otherOid = microsoftProfile({ oid: oid(6), tid: HOME_TENANT, email: max.email, edov: true });
    expect(await signIn("azure-ad", otherOid, otherOid.sub)).toBe("/login?error=AnotherIdentityLinked&provider=azure-ad");
  });

  it("the same oid in another tenant is another identity", async () => {
    const ned = await person("ned");
    await signIn("azure-ad", microsoftProfile({ oid: oid(7), tid: HOME_TENANT, email: ned.email, edov: true }), "a");
    const sameOidElsewhere = microsoftProfile({ oid: oid(7), tid: OTHER_TENANT, email: ned.email });
    expect(await signIn("azure-ad", sameOidElsewhere, sameOidElsewhere.sub)).toBe("/login?error=FirstLinkUnproven&provider=azure-ad");
  });

  it("links one identity when two first sign-ins for the same account race", async () => {
    const ola = await person("ola");
    const a = microsoftProfile({ oid: oid(8), tid: HOME_TENANT, email: ola.email, edov: true });
    const b = microsoftProfile({ oid: oid(9), tid: OTHER_TENANT, email: ola.email, edov: true });
    const outcomes = await Promise.all([signIn("azure-ad", a, a.sub), signIn("azure-ad", b, b.sub)]);
    expect(outcomes.filter((o) => typeof o === "object")).toEqual([{ uid: ola.id }]);
    expect(outcomes.filter((o) => o === "/login?error=AnotherIdentityLinked&provider=azure-ad")).toHaveLength(1);
    expect(await identities(ola.id)).toHaveLength(1);
  });

  it("treats organizations and consumers as multi-tenant too", async () => {
    process.env.MICROSOFT_TENANT_ID = "organizations";
    const pia = await person("pia");
    expect(await signIn("azure-ad", microsoftProfile({ oid: oid(10), tid: OTHER_TENANT, email: pia.email }), "a")).toBe(
      "/login?error=FirstLinkUnproven&provider=azure-ad",
    );
  });
});

describe("Microsoft with a pinned tenant", () => {
  it("trusts the pinned tenant's e-mail and records the identity", async () => {
    process.env.MICROSOFT_TENANT_ID = HOME_TENANT;
    const quinn = await person("quinn");
    const profile = microsoftProfile({ oid: oid(11), tid: HOME_TENANT, email: quinn.email });
    expect(await signIn("azure-ad", profile, profile.sub)).toEqual({ uid: quinn.id });
    expect(await identities(quinn.id)).toEqual([{ provider: "azure-ad", tenant: HOME_TENANT, subject: oid(11) }]);
  });

  it("refuses a token from any other tenant", async () => {
    process.env.MICROSOFT_TENANT_ID = HOME_TENANT;
    const rae = await person("rae");
    const profile = microsoftProfile({ oid: oid(12), tid: OTHER_TENANT, email: rae.email, edov: true });
    expect(await signIn("azure-ad", profile, profile.sub)).toBe("/login?error=TenantNotAllowed&provider=azure-ad");
    expect(await identities(rae.id)).toEqual([]);
  });
});

describe("the login page", () => {
  it.each(["EmailNotVerified", "FirstLinkUnproven", "AnotherIdentityLinked", "IdentityLinkedElsewhere", "TenantNotAllowed"])(
    "explains the %s refusal in words, naming the provider",
    async (error) => {
      const page = (await LoginPage({ searchParams: Promise.resolve({ error, provider: ["FirstLinkUnproven", "AnotherIdentityLinked", "TenantNotAllowed"].includes(error) ? "azure-ad" : "github" }) })) as {
        props: { children: Array<{ props?: Record<string, unknown> }> };
      };
      const form = page.props.children.find((c) => c?.props && "initialError" in c.props)!;
      const message = form.props!.initialError as string;
      expect(message).not.toBe("Sign-in failed. Try again.");
      expect(message).toMatch(/Microsoft|GitHub/);
    },
  );
});
