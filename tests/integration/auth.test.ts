import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, passwordHashRounds } from "@/lib/auth/password";
import { configuredOAuthProviders } from "@/lib/auth/providers";
import { authenticate, membershipsOf } from "@/lib/auth/users";
import { seedDemo } from "@/lib/demo/seed";
import { freshDatabase, type TestDatabase } from "../helpers/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("sign-in", () => {
  it("stores only a bcrypt hash and accepts the right password, case-insensitively by e-mail", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(new RegExp(`^\\$2[aby]\\$${String(passwordHashRounds()).padStart(2, "0")}\\$`));
    await t.db.insertInto("users").values({ email: "Ana@Example.com", name: "Ana", password_hash: hash }).execute();
    expect(await authenticate(t.db, "ana@example.com", "correct horse battery staple")).toMatchObject({ email: "Ana@Example.com" });
    expect(await authenticate(t.db, "ana@example.com", "wrong")).toBeNull();
    expect(await authenticate(t.db, "nobody@example.com", "correct horse battery staple")).toBeNull();
  });

  it("hashes at cost 12 unless PASSWORD_HASH_ROUNDS says otherwise, and never below 10 outside tests", () => {
    expect(passwordHashRounds({})).toBe(12);
    expect(passwordHashRounds({ PASSWORD_HASH_ROUNDS: "13" })).toBe(13);
    expect(passwordHashRounds({ PASSWORD_HASH_ROUNDS: "4", NODE_ENV: "test" })).toBe(4);
    expect(() => passwordHashRounds({ PASSWORD_HASH_ROUNDS: "4", NODE_ENV: "production" })).toThrow('PASSWORD_HASH_ROUNDS must be a whole number from 10 to 15 (bcrypt\'s cost; 12 when unset); it is "4".');
    expect(() => passwordHashRounds({ PASSWORD_HASH_ROUNDS: "twelve" })).toThrow("PASSWORD_HASH_ROUNDS must be a whole number");
    expect(() => passwordHashRounds({ PASSWORD_HASH_ROUNDS: "16" })).toThrow("PASSWORD_HASH_ROUNDS must be a whole number");
  });

  it("never lets a password-less (OAuth-only) account sign in with a password", async () => {
    await t.db.insertInto("users").values({ email: "oauth@example.com", name: "O", password_hash: null }).execute();
    expect(await authenticate(t.db, "oauth@example.com", "")).toBeNull();
  });

  it("offers Google, GitHub and Microsoft only when their client ids are configured, or through the sandbox when it is on", () => {
    const off = { SANDBOX: "off" };
    expect(configuredOAuthProviders(off)).toEqual([]);
    expect(configuredOAuthProviders({ ...off, GITHUB_CLIENT_ID: "fake-id", GITHUB_CLIENT_SECRET: "fake-secret" }).map((p) => p.id)).toEqual(["github"]);
    expect(configuredOAuthProviders({ ...off, GOOGLE_CLIENT_ID: "fake-id" })).toEqual([]);
    expect(configuredOAuthProviders({ SANDBOX: "on" }).map((p) => p.name)).toEqual(["Google", "GitHub", "Microsoft"]);
    expect(configuredOAuthProviders({ DATABASE_URL: "postgres://db.example.test/switchboard" })).toEqual([]);
    expect(
      configuredOAuthProviders({
        ...off,
        GOOGLE_CLIENT_ID: "a", GOOGLE_CLIENT_SECRET: "b", GITHUB_CLIENT_ID: "c", GITHUB_CLIENT_SECRET: "d", MICROSOFT_CLIENT_ID: "e", MICROSOFT_CLIENT_SECRET: "f",
      }).map((p) => p.name),
    ).toEqual(["Google", "GitHub", "Microsoft"]);
  });
});

describe("demo seed", () => {
  it("creates one organization with an owner and a member, a published event, and runs only once", async () => {
    const first = await seedDemo(t.db, { password: "demo-test-password" });
    const second = await seedDemo(t.db, { password: "demo-test-password" });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    const owner = await authenticate(t.db, first.login.email, "demo-test-password");
    expect(owner).not.toBeNull();
    expect((await membershipsOf(t.db, owner!.id)).map((m) => [m.orgName, m.role])).toEqual([["Demo Events", "owner"]]);
    const member = await authenticate(t.db, first.login.memberEmail, "demo-test-password");
    expect((await membershipsOf(t.db, member!.id))[0]!.role).toBe("member");
    const events = await t.db.selectFrom("events").select(["status"]).execute();
    expect(events.map((e) => e.status)).toEqual(["published"]);
  });
});
