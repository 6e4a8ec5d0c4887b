// `npm test` on a machine without ../shared/specs and without a way to fetch them:
// it stops before running anything, with one line saying what to do.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const repo = path.resolve(import.meta.dirname, "../..");
let root: string | undefined;
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

it("without specs or a reachable source, npm test fails at once with one line telling what to do", async () => {
  // A checkout with no ../shared/specs beside it.
  root = await mkdtemp(path.join(os.tmpdir(), "bare-checkout-"));
  const clone = path.join(root, "switchboard");
  await mkdir(clone);
  for (const entry of ["scripts", "tests", "sandbox", "lib", "node_modules", "package.json", "tsconfig.json"]) {
    await symlink(path.join(repo, entry), path.join(clone, entry));
  }
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.join(repo, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`, SWITCHBOARD_SPECS_BASE_URL: `http://127.0.0.1:${await closedPort()}` };
  delete env.SWITCHBOARD_SPECS_DIR;
  const r = spawnSync("tsx", ["scripts/test.ts"], { cwd: clone, env, encoding: "utf8", timeout: 60_000 });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("[test] no API specs: place them in ../shared/specs (or set SWITCHBOARD_SPECS_DIR), or allow fetching from https://raw.githubusercontent.com; see README, Tests");
  expect(r.stderr).toMatch(/slack\/slack_web_openapi_v2\.json: http:\/\/127\.0\.0\.1:\d+\/slack\/slack_web_openapi_v2\.json could not be fetched \(ECONNREFUSED\)/);
  expect(r.stdout).not.toContain("[test] vitest");
  expect(r.stdout.trim().split("\n").at(-1)).toBe("0 passed, 1 failed");
});
