// The one place that decides which Chromium the end-to-end tests drive (used by
// playwright.config.ts and scripts/test.ts):
//   CHROMIUM_PATH if set; else Debian's /usr/bin/chromium if present; else the
//   Chromium the @sparticuz/chromium npm package ships, unpacked once into
//   .data/npm-chromium, so a machine with only Node and npm runs the tests too.
// SWITCHBOARD_BROWSER=npm takes the npm-shipped one even where Debian's exists
// (CHROMIUM_PATH still wins); `npm test` proves that path with it. `auto` (the
// default) follows the order above.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export interface ResolvedBrowser {
  source: "CHROMIUM_PATH" | "system" | "npm";
  executablePath: string;
  /** Environment the browser needs beyond the caller's (the npm one's bundled libraries and fonts). */
  env: Record<string, string>;
  /** One line for the log: which browser, and why. */
  label: string;
}

interface Options {
  env?: Record<string, string | undefined>;
  systemPath?: string;
  cacheDir?: string;
}

const MODES = ["auto", "npm"] as const;

export function resolveBrowser(opts: Options = {}): ResolvedBrowser {
  const env = opts.env ?? process.env;
  const mode = env.SWITCHBOARD_BROWSER || "auto";
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new Error(`SWITCHBOARD_BROWSER=${mode} is not understood: use ${MODES.join(" or ")}`);
  }
  if (env.CHROMIUM_PATH) {
    return { source: "CHROMIUM_PATH", executablePath: env.CHROMIUM_PATH, env: {}, label: `Chromium at ${env.CHROMIUM_PATH} (CHROMIUM_PATH)` };
  }
  const systemPath = opts.systemPath ?? SYSTEM_CHROMIUM;
  if (mode === "auto" && existsSync(systemPath)) {
    return { source: "system", executablePath: systemPath, env: {}, label: `system Chromium at ${systemPath}` };
  }
  return npmChromium(opts.cacheDir ?? path.resolve(".data/npm-chromium"), mode === "npm" ? "SWITCHBOARD_BROWSER=npm" : `no ${systemPath}`);
}

function npmChromium(cacheDir: string, why: string): ResolvedBrowser {
  // Resolved from the project root (every test command runs there), not from this file,
  // so that Playwright's loader and tsx resolve it alike.
  const pkgDir = path.resolve(path.dirname(createRequire(path.resolve("package.json")).resolve("@sparticuz/chromium")), "..");
  const version = (JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { version: string }).version;
  const dir = path.join(cacheDir, version);
  const executablePath = path.join(dir, "chromium");
  if (!existsSync(executablePath)) unpack(dir);
  return {
    source: "npm",
    executablePath,
    // None of the package's AWS Lambda flags: the suite's own (--no-sandbox) suffice,
    // and some of them (--disable-web-security, --single-process) would change what
    // the tests observe.
    env: {
      LD_LIBRARY_PATH: [path.join(dir, "al2023", "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(path.delimiter),
      FONTCONFIG_PATH: path.join(dir, "fonts"),
    },
    label: `npm-shipped Chromium (@sparticuz/chromium ${version}) at ${executablePath} (${why})`,
  };
}

// Unpacked beside the final directory and renamed into place, so a concurrent or
// interrupted run never finds half a browser.
function unpack(dir: string): void {
  mkdirSync(path.dirname(dir), { recursive: true });
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    execFileSync(process.execPath, [path.resolve("scripts/npm-chromium.mjs"), staging], { stdio: ["ignore", "ignore", "inherit"] });
    try {
      renameSync(staging, dir);
    } catch (e) {
      // Another process finished first: its copy is as good as ours.
      if (!existsSync(path.join(dir, "chromium"))) throw e;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
