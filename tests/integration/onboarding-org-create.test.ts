// `npm run org:create`, run as an operator runs it (a child process on
// DATABASE_URL): the organization and its owner, a set-password link printed
// when no mailer is configured and e-mailed when one is, the link working, and
// exit codes and messages for wrong arguments, a taken address and a database
// that cannot be reached.
import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resetPassword } from "@/lib/accounts/password-reset";
import { authenticate } from "@/lib/auth/users";
import { SMTP_VARIABLES } from "@/lib/mailer/config";
import { linkToken, nthMailTo } from "../helpers/account-mail";
import { useIntegrationHarness } from "../helpers/integration-harness";

const { t, sandbox } = useIntegrationHarness();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function orgCreate(args: string[], env: Record<string, string> = {}): Promise<Run> {
  // As an operator's shell would have it: the test's database, and a mailer only when the test gives one.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, APP_URL: "http://switchboard.example.test", ...env };
  for (const name of SMTP_VARIABLES) if (!(name in env)) delete childEnv[name];
  return new Promise((resolve) => {
    execFile(path.resolve("node_modules/.bin/tsx"), ["scripts/org-create.ts", ...args], { env: childEnv, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

let n = 0;
const fresh = () => `operator.${++n}.${Date.now().toString(36)}@orgcreate.example.test`;

describe("npm run org:create", () => {
  it("creates the organization and its owner and prints a set-password link when no mailer is configured; the link sets the password once", async () => {
    const owner = fresh();
    const run = await orgCreate(["--name", "Acme Events", "--owner", owner, "--owner-name", "Ana Silva"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/created "Acme Events" \(its address: acme-events(-[0-9a-f]+)?\) with .* as its owner/);
    expect(run.stdout).toMatch(/no platform mailer is configured/);

    const user = await t.db.selectFrom("users").select(["id", "name", "password_hash", "email_verified_at"]).where("email", "=", owner).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: "Ana Silva", password_hash: null, email_verified_at: null });
    const membership = await t.db.selectFrom("memberships as m").innerJoin("organizations as o", "o.id", "m.org_id").select(["o.name", "m.role"]).where("m.user_id", "=", user.id).execute();
    expect(membership).toEqual([{ name: "Acme Events", role: "owner" }]);

    const token = linkToken({ text: run.stdout } as never, "http://switchboard.example.test/reset-password");
    expect(await resetPassword(t.db, { token, password: "owner-fake-password", confirm: "owner-fake-password" }, { ip: null })).toEqual({ outcome: "changed", email: owner });
    expect(await authenticate(t.db, owner, "owner-fake-password")).toMatchObject({ id: user.id });
    expect(await resetPassword(t.db, { token, password: "other-fake-password", confirm: "other-fake-password" }, { ip: null })).toEqual({ outcome: "used" });
  });

  it("e-mails the link through the platform mailer when one is configured, and prints no link", async () => {
    const owner = fresh();
    const run = await orgCreate(["--name", "Mailed Org", "--owner", owner], sandbox.appEnv);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`e-mailed ${owner} a link to choose a password`);
    expect(run.stdout).not.toMatch(/reset-password\//);
    const mail = await nthMailTo(sandbox, owner, 1);
    expect(mail.subject).toBe("Your Switchboard account for Mailed Org");
    expect(mail.text).toMatch(/works once, for 72 hours/);
    expect(linkToken(mail, "/reset-password")).toHaveLength(43);
  });

  it("prints the link when the mailer refuses the e-mail, saying why", async () => {
    await sandbox.control("smtp/refuse", { code: 550, times: 1 });
    const owner = fresh();
    const run = await orgCreate(["--name", "Refused Mail Org", "--owner", owner], sandbox.appEnv);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/could not be sent: the SMTP server answered 550/);
    expect(run.stdout).toMatch(/http:\/\/switchboard\.example\.test\/reset-password\/[A-Za-z0-9_-]{43}/);
  });

  it("exits 2 with the usage for missing or wrong arguments, and creates nothing", async () => {
    const missing = await orgCreate(["--name", "No Owner"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Both --name and --owner are needed[\s\S]*Usage: npm run org:create/);
    const bad = await orgCreate(["--name", "Bad Owner", "--owner", "not-an-address"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--owner: Enter a valid e-mail address/);
    const unknown = await orgCreate(["--name", "X", "--owner", fresh(), "--colour", "red"]);
    expect(unknown.code).toBe(2);
    expect(await t.db.selectFrom("organizations").select("id").where("name", "in", ["No Owner", "Bad Owner", "X"]).execute()).toEqual([]);
  });

  it("exits 3 when the owner's address already has an account, and creates no organization", async () => {
    const owner = fresh();
    expect((await orgCreate(["--name", "First", "--owner", owner])).code).toBe(0);
    const again = await orgCreate(["--name", "Second", "--owner", owner.toUpperCase()]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already has an account, so nothing was created/);
    expect(await t.db.selectFrom("organizations").select("id").where("name", "=", "Second").execute()).toEqual([]);
  });

  it("exits 1 with the reason when the database cannot be reached", async () => {
    const run = await orgCreate(["--name", "Nowhere", "--owner", fresh()], { DATABASE_URL: "postgres://nobody:fake@127.0.0.1:1/none" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\[org:create\] failed: /);
  });
});
