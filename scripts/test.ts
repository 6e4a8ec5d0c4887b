// `npm test`: lint, typecheck and the dependency rules (one check each) and the production
// build, all beside the unit and integration tests (vitest, real Postgres), then the end-to-end tests
// (Playwright in Chromium), all with nothing but Node and npm installed. Ends with
// one line, "N passed, N failed", totalled over all of them, and a non-zero exit on
// any failure, including a suite that could not run at all. A lint, type or dependency
// error fails the run, yet the suites still run after it.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { requiredSpecFiles } from "../sandbox/registry";
import { defaultSpecsDir } from "../sandbox/validation/spec-store";
import { resolveBrowser, type ResolvedBrowser } from "../tests/helpers/browser";
import { SPECS_CACHE_DIR } from "../tests/helpers/specs-cache";
import { SPECS_ORIGIN } from "./specs-manifest";

/** The shortest end-to-end spec, run a second time in the npm-shipped Chromium. */
const NPM_BROWSER_SPEC = "tests/e2e/access.spec.ts";

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
  testResults: Array<{ name: string; status: string; assertionResults: Array<{ status: string }> }>;
}

interface PlaywrightReport {
  stats?: { expected: number; flaky: number; unexpected: number; skipped: number };
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}

const tallies: Tally[] = [];

function finish(passed: number, failed: number, skipped: number): never {
  const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
  writeFileSync(path.join(reports, "summary.txt"), line + "\n");
  console.log(line);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

// 0a. The providers' API descriptions the sandbox validates against: ../shared/specs,
// or else fetched into a cache, verified, and handed to every process below.
const specsDir = defaultSpecsDir();
if (!process.env.SWITCHBOARD_SPECS_DIR && !requiredSpecFiles().every((f) => existsSync(path.join(specsDir, f)))) {
  console.log(`\n[test] no API specs in ${specsDir}: fetching them into ${SPECS_CACHE_DIR}`);
  if (run("tsx", ["scripts/fetch-specs.ts"]) !== 0) {
    console.error(`\n[test] no API specs: place them in ../shared/specs (or set SWITCHBOARD_SPECS_DIR), or allow fetching from ${SPECS_ORIGIN}; see README, Tests`);
    finish(0, 1, 0);
  }
  process.env.SWITCHBOARD_SPECS_DIR = path.resolve(SPECS_CACHE_DIR);
}

// 0b. static checks, each one pass or one failure (their own output says where). They start
// beside vitest, whose first minute (the database, the migrations) leaves the cores mostly
// idle; each writes to its own file, shown whole when it has ended, so nothing interleaves.
function startCheck(suite: string, script: string, args = "", env: Record<string, string> = {}) {
  const file = path.join(reports, `${script}.log`);
  const exitFile = `${file}.exit`;
  const fd = openSync(file, "w");
  // The exit code is written whole (then renamed), so a reader never sees half of it.
  spawn("sh", ["-c", `npm run --silent ${script}${args ? ` -- ${args}` : ""}; echo $? > "${exitFile}.part" && mv "${exitFile}.part" "${exitFile}"`], {
    stdio: ["ignore", fd, fd],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  closeSync(fd);
  return { suite, script, file, exitFile };
}

/** Waits for a check started above; vitest blocks this process meanwhile, so it is a plain sleep loop, not a promise. */
function exitOf(check: ReturnType<typeof startCheck>): number {
  const tick = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(check.exitFile)) Atomics.wait(tick, 0, 0, 200);
  return Number(readFileSync(check.exitFile, "utf8").trim() || 1);
}
const checks = [startCheck("lint", "lint"), startCheck("typecheck", "typecheck"), startCheck("dependency rules", "deps")];
// 2. The production build the end-to-end tests run against (skipped when .next is a build of these sources)
// starts beside them too: vitest leaves about a quarter of the two cores idle (its files wait on the
// database, the sandbox and the worker), which the build fills. It skips its own type check: the
// typecheck beside it covers every file the build compiles, and fails this run on any error.
const build = startCheck("build", "build", "--if-changed", { SWITCHBOARD_TYPES_CHECKED: "1" });

// 1. vitest
const vitestJson = path.join(reports, "vitest.json");
const vitestExit = run("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
const v = readJson<VitestReport>(vitestJson);
if (v) {
  // A file whose beforeAll throws (or that fails to load) fails no test: its tests are reported skipped. It is a failure all the same.
  const broken = v.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"));
  const brokenNote = broken.length ? `${broken.length} file(s) failed outside any test: ${broken.map((f) => path.relative(process.cwd(), f.name)).join(", ")}` : undefined;
  tallies.push({ suite: "vitest", passed: v.numPassedTests, failed: v.numFailedTests + broken.length, skipped: v.numPendingTests + v.numTodoTests, note: brokenNote });
  if (vitestExit !== 0 && v.numFailedTests + broken.length === 0) tallies.push({ suite: "vitest", passed: 0, failed: 1, skipped: 0, note: `exited ${vitestExit} (a file failed to load or a hook failed)` });
} else {
  tallies.push({ suite: "vitest", passed: 0, failed: 1, skipped: 0, note: "did not report (crashed before finishing)" });
}

for (const c of checks) {
  const exit = exitOf(c);
  console.log(`\n[test] npm run --silent ${c.script} (ran beside vitest)\n${readFileSync(c.file, "utf8").trimEnd()}`);
  tallies.push({ suite: c.suite, passed: exit === 0 ? 1 : 0, failed: exit === 0 ? 0 : 1, skipped: 0, note: exit === 0 ? undefined : `npm run ${c.script} exited ${exit}; see its errors above` });
}

const buildExit = exitOf(build);
console.log(`\n[test] npm run --silent build -- --if-changed (ran beside vitest)\n${readFileSync(build.file, "utf8").trimEnd()}`);

// 3. Playwright, in the browser tests/helpers/browser.ts picks (CHROMIUM_PATH, else
// Debian's, else the npm-shipped one), then once more for one cheap spec in the
// npm-shipped browser, so the path a machine with only Node and npm takes is proven
// on every run, Debian's Chromium installed or not.
function playwright(suite: string, args: string[], env: Record<string, string>): void {
  const pwJson = path.join(reports, `${suite.replace(/\W+/g, "-")}.json`);
  const pwExit = run("playwright", ["test", ...args, "--reporter=list,json"], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  const p = readJson<PlaywrightReport>(pwJson);
  if (p?.stats) {
    tallies.push({ suite, passed: p.stats.expected + p.stats.flaky, failed: p.stats.unexpected, skipped: p.stats.skipped });
    if (pwExit !== 0 && p.stats.unexpected === 0) tallies.push({ suite, passed: 0, failed: 1, skipped: 0, note: `exited ${pwExit} (server or setup failure; see above)` });
  } else {
    tallies.push({ suite, passed: 0, failed: 1, skipped: 0, note: "did not report (crashed before finishing)" });
  }
}

if (buildExit !== 0) {
  tallies.push({ suite: "playwright", passed: 0, failed: 1, skipped: 0, note: "not run: the production build failed" });
} else {
  let browser: ResolvedBrowser | undefined;
  try {
    browser = resolveBrowser();
  } catch (e) {
    tallies.push({ suite: "playwright", passed: 0, failed: 1, skipped: 0, note: `not run: no browser (${(e as Error).message})` });
  }
  if (browser) {
    console.log(`\n[test] browser: ${browser.label}`);
    playwright("playwright", [], {});
    if (browser.source !== "npm") playwright("playwright (npm-shipped Chromium)", [NPM_BROWSER_SPEC], { SWITCHBOARD_BROWSER: "npm", CHROMIUM_PATH: "" });
  }
}

console.log("\n[test] summary");
for (const t of tallies) {
  console.log(`[test]   ${t.suite}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.note ? ` (${t.note})` : ""}`);
}
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
const skipped = tallies.reduce((n, t) => n + t.skipped, 0);
finish(passed, failed, skipped);
