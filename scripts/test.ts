// `npm test`: lint and typecheck (one check each), unit and integration tests
// (vitest, real Postgres), then the production build, then the end-to-end tests
// (Playwright in Chromium). Ends with one line, "N passed, N failed", totalled over
// all of them, and a non-zero exit on any failure, including a suite that could not
// run at all. A lint or type error fails the run, yet the suites still run after it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const reports = path.resolve(".data/reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

function run(cmd: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n[test] ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  return r.status ?? 1;
}

interface Tally {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  note?: string;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

interface PlaywrightReport {
  stats?: { expected: number; flaky: number; unexpected: number; skipped: number };
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}

const tallies: Tally[] = [];

// 0. static checks, each one pass or one failure (their own output says where)
function check(suite: string, script: string): void {
  const exit = run("npm", ["run", "--silent", script]);
  tallies.push({ suite, passed: exit === 0 ? 1 : 0, failed: exit === 0 ? 0 : 1, skipped: 0, note: exit === 0 ? undefined : `npm run ${script} exited ${exit}; see its errors above` });
}
check("lint", "lint");
check("typecheck", "typecheck");

// 1. vitest
const vitestJson = path.join(reports, "vitest.json");
const vitestExit = run("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
const v = readJson<VitestReport>(vitestJson);
if (v) {
  tallies.push({ suite: "vitest", passed: v.numPassedTests, failed: v.numFailedTests, skipped: v.numPendingTests + v.numTodoTests });
  if (vitestExit !== 0 && v.numFailedTests === 0) tallies.push({ suite: "vitest", passed: 0, failed: 1, skipped: 0, note: `exited ${vitestExit} (a file failed to load or a hook failed)` });
} else {
  tallies.push({ suite: "vitest", passed: 0, failed: 1, skipped: 0, note: "did not report (crashed before finishing)" });
}

// 2. production build, which the end-to-end tests run against (skipped when .next is a build of these sources)
const buildExit = run("tsx", ["scripts/build.ts", "--if-changed"]);

// 3. Playwright
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (buildExit !== 0) {
  tallies.push({ suite: "playwright", passed: 0, failed: 1, skipped: 0, note: "not run: the production build failed" });
} else if (!existsSync(chromium)) {
  tallies.push({ suite: "playwright", passed: 0, failed: 1, skipped: 0, note: `not run: no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)` });
} else {
  const pwJson = path.join(reports, "playwright.json");
  const pwExit = run("playwright", ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  const p = readJson<PlaywrightReport>(pwJson);
  if (p?.stats) {
    tallies.push({ suite: "playwright", passed: p.stats.expected + p.stats.flaky, failed: p.stats.unexpected, skipped: p.stats.skipped });
    if (pwExit !== 0 && p.stats.unexpected === 0) tallies.push({ suite: "playwright", passed: 0, failed: 1, skipped: 0, note: `exited ${pwExit} (server or setup failure; see above)` });
  } else {
    tallies.push({ suite: "playwright", passed: 0, failed: 1, skipped: 0, note: "did not report (crashed before finishing)" });
  }
}

console.log("\n[test] summary");
for (const t of tallies) {
  console.log(`[test]   ${t.suite}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.note ? ` (${t.note})` : ""}`);
}
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
const skipped = tallies.reduce((n, t) => n + t.skipped, 0);
const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
writeFileSync(path.join(reports, "summary.txt"), line + "\n");
console.log(line);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
