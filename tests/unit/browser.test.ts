// Which Chromium the end-to-end tests drive: the one named by CHROMIUM_PATH, else
// Debian's, else the one the @sparticuz/chromium package ships, so that a machine
// with only Node and npm can run them.
import { chromium } from "@playwright/test";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveBrowser } from "@/tests/helpers/browser";

const ABSENT = path.join(os.tmpdir(), "no-such-dir", "chromium");
const PRESENT = process.execPath; // any file that exists stands in for a system browser
let scratch: string | undefined;
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("resolveBrowser", () => {
  it("uses CHROMIUM_PATH when it is set, even when a system browser exists", () => {
    const b = resolveBrowser({ env: { CHROMIUM_PATH: "/opt/chrome/chrome" }, systemPath: PRESENT });
    expect(b).toMatchObject({ source: "CHROMIUM_PATH", executablePath: "/opt/chrome/chrome" });
    expect(b.label).toContain("/opt/chrome/chrome");
  });

  it("uses the system Chromium when present", () => {
    const b = resolveBrowser({ env: {}, systemPath: PRESENT });
    expect(b).toMatchObject({ source: "system", executablePath: PRESENT });
  });

  it("falls back to the npm-shipped Chromium when there is no system browser, and it renders a page", async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "npm-chromium-"));
    const b = resolveBrowser({ env: {}, systemPath: ABSENT, cacheDir: scratch });
    expect(b.source).toBe("npm");
    expect(b.executablePath.startsWith(scratch)).toBe(true);
    expect(b.label).toContain("@sparticuz/chromium");
    const browser = await chromium.launch({ executablePath: b.executablePath, env: { ...process.env, ...b.env } as Record<string, string>, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      await page.setContent("<h1>Checked in</h1><input>");
      await page.fill("input", "ada@example.test");
      expect(await page.textContent("h1")).toBe("Checked in");
      expect(await page.inputValue("input")).toBe("ada@example.test");
    } finally {
      await browser.close();
    }
    // A second resolution reuses the extracted copy.
    expect(resolveBrowser({ env: {}, systemPath: ABSENT, cacheDir: scratch }).executablePath).toBe(b.executablePath);
  });

  it("SWITCHBOARD_BROWSER=npm takes the npm-shipped Chromium even beside a system browser", () => {
    const b = resolveBrowser({ env: { SWITCHBOARD_BROWSER: "npm" }, systemPath: PRESENT, cacheDir: scratch });
    expect(b.source).toBe("npm");
  });

  it("refuses an unknown SWITCHBOARD_BROWSER value, naming the accepted ones", () => {
    expect(() => resolveBrowser({ env: { SWITCHBOARD_BROWSER: "firefox" }, systemPath: PRESENT })).toThrow(/SWITCHBOARD_BROWSER.*auto.*npm/);
  });
});
