// End-to-end tests: real Chromium against the built production app (`npm run build`
// first; the web server below only starts it). Each run gets a fresh embedded
// database under .data/e2e on its own ports, so it never touches a developer's data.
//
// Playwright starts the webServer *before* globalSetup runs, so the fresh start is
// part of the server command itself rather than a global setup file.
import path from "node:path";
import { defineConfig, type ReporterDescription } from "@playwright/test";
import { resolveBrowser } from "./tests/helpers/browser";

const PORT = 3100;
const BASE_URL = `http://localhost:${PORT}`;
/** The provider sandbox the server starts; tests open its inbox page. */
export const SANDBOX_URL = "http://127.0.0.1:4110";
/** A test's own webhook receiver; the server may deliver to it (SWITCHBOARD_WEBHOOK_ALLOW_HOSTS below). */
export const RECEIVER_PORT = 4199;
/** The sandbox's control token for this run, so a test can act as the world outside (a person replying by SMS). */
export const SANDBOX_CONTROL_TOKEN = "e2e-sandbox-control-token";
/**
 * The per-address budget of public registrations and checkouts the e2e server
 * runs with: every spec's browser buys from 127.0.0.1 within minutes, more than a
 * visitor's default 20 in 10 minutes; rate-limits.spec.ts tests this limit itself.
 */
export const PUBLIC_IP_LIMIT = "45/600";

// `playwright test --reporter=list,json` overrides this; without a flag the list reporter is used.
const reporter: ReporterDescription[] = [["list"]];

const browser = resolveBrowser();
// The config is loaded by the runner and again by each worker; say it once.
if (!process.env.TEST_WORKER_INDEX) console.log(`[e2e] browser: ${browser.label}`);

export default defineConfig({
  testDir: "./tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter,
  outputDir: "test-results/e2e",
  use: {
    baseURL: BASE_URL,
    headless: true,
    launchOptions: {
      executablePath: browser.executablePath,
      env: { ...process.env, ...browser.env },
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-gpu",
        "--no-first-run",
      ],
    },
    // A failed test keeps its trace (every action, the DOM before and after, network), without
    // the screencast: recording frames all along costs about a tenth of the run's CPU.
    trace: { mode: "retain-on-failure", screenshots: false, snapshots: true, sources: true },
    screenshot: "only-on-failure",
  },
  projects: [{ name: "chromium" }],
  webServer: {
    command: "rm -rf .data/e2e && tsx scripts/start.ts",
    // Strict: the scenarios need the in-process worker too, not only the database.
    url: `${BASE_URL}/api/health?strict=1`,
    timeout: 180_000,
    reuseExistingServer: false,
    // The server's own log is noise next to the test report; E2E_SERVER_LOG=1 shows it.
    stdout: process.env.E2E_SERVER_LOG ? "pipe" : "ignore",
    stderr: "pipe",
    // SIGTERM lets scripts/start.ts stop Next.js and the embedded PostgreSQL cleanly,
    // so the next run finds its port free.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      // The project's own Node 24 and tsx, whatever node the caller's PATH finds first.
      PATH: `${path.resolve("node_modules/.bin")}${path.delimiter}${process.env.PATH ?? ""}`,
      SWITCHBOARD_DATA_DIR: ".data/e2e",
      EMBEDDED_PG_PORT: "54331",
      PORT: String(PORT),
      APP_URL: BASE_URL,
      NEXTAUTH_URL: BASE_URL,
      SEED_DEMO: "true",
      DEMO_PASSWORD: "e2e-demo-password",
      SANDBOX_PORT: "4110",
      SANDBOX_CONTROL_TOKEN,
      // scripts/start.ts appends the sandbox's own 127.0.0.1:4110 (its demo receiver) to this.
      SWITCHBOARD_WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${RECEIVER_PORT}`,
      RATE_LIMIT_PUBLIC_IP: PUBLIC_IP_LIMIT,
      // Sign-in goes through the sandbox's Google, GitHub and Microsoft (no client ids: the
      // sandbox's own app); Microsoft accepts only the sandbox's home directory, so
      // sso.spec.ts sees a person from its second directory refused.
      MICROSOFT_TENANT_ID: "5b0a0a1b-0000-4000-8000-5a4db0c5e365",
      // health.spec.ts waits for a breaker open this long, not the default 15 minutes.
      ALERT_BREAKER_OPEN_MS: "2000",
    },
  },
});
