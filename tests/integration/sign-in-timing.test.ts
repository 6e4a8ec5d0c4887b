import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PASSWORD_HASH_ROUNDS, dummyPasswordHash, hashPassword } from "@/lib/auth/password";
import { authenticate } from "@/lib/auth/users";
import { freshDatabase, type TestDatabase } from "../helpers/db";

// At production cost: the comparison below needs a compare that takes real time
// (the suite otherwise hashes at bcrypt's least cost, see vitest.config.mts).
process.env.PASSWORD_HASH_ROUNDS = String(DEFAULT_PASSWORD_HASH_ROUNDS);

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await t.db.insertInto("users").values({ email: "known@example.test", name: "Known", password_hash: await hashPassword("the-real-password") }).execute();
});
afterAll(async () => {
  await t.drop();
});

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

describe("sign-in timing", () => {
  it("compares unknown e-mails against a real bcrypt hash of the same cost as stored passwords", async () => {
    const dummy = await dummyPasswordHash();
    const real = await hashPassword("anything");
    expect(dummy).toMatch(/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/);
    expect(bcrypt.getRounds(dummy)).toBe(bcrypt.getRounds(real));
    expect(bcrypt.getRounds(real)).toBe(12);
  });

  it("answers an unknown e-mail in about the time a known e-mail's wrong password takes", async () => {
    // The dummy hash is made once per process; do not count that first time.
    await authenticate(t.db, "nobody@example.test", "wrong-password");
    let known = 0;
    let unknown = 0;
    for (let i = 0; i < 2; i++) {
      known += await timed(() => authenticate(t.db, "known@example.test", "wrong-password"));
      unknown += await timed(() => authenticate(t.db, "nobody@example.test", "wrong-password"));
    }
    // A bcrypt compare at cost 12 takes hundreds of milliseconds; an answer without
    // one takes a few. Half is generous for noise on a shared machine yet far above zero.
    expect(unknown / known).toBeGreaterThan(0.5);
  }, 120_000);

  it("spends the same work on an account that has no password (OAuth only)", async () => {
    await t.db.insertInto("users").values({ email: "oauth-only@example.test", name: "O", password_hash: null }).execute();
    let known = 0;
    let passwordless = 0;
    for (let i = 0; i < 2; i++) {
      known += await timed(() => authenticate(t.db, "known@example.test", "wrong-password"));
      passwordless += await timed(() => authenticate(t.db, "oauth-only@example.test", "wrong-password"));
    }
    expect(passwordless / known).toBeGreaterThan(0.5);
  }, 120_000);
});
