// The dependency rules (.dependency-cruiser.cjs, `npm run deps`) run against a small
// tree written here, so a rule that stops matching (a regex that no longer fits the
// layout, a placeholder dependency-cruiser ignores) fails this test instead of
// letting every violation through in silence.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { cruise, type ICruiseResult, type IConfiguration } from "dependency-cruiser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const config = require("../../.dependency-cruiser.cjs") as IConfiguration;

// Real provider folder names: the rules list provider folders from the repository's lib/integrations.
const FILES: Record<string, string> = {
  "lib/integrations/contract.ts": `export type Connector = { id: string };`,
  "lib/integrations/registry.ts": `import { connector as a } from "./stripe/connector";\nimport { connector as b } from "./slack/connector";\nexport const all = [a, b];`,
  "lib/integrations/stripe/connector.ts": `import type { Connector } from "../contract";\nimport { helper } from "./helper";\nexport const connector: Connector = { id: helper };`,
  "lib/integrations/stripe/helper.ts": `export const helper = "x";`,
  "lib/integrations/slack/connector.ts": `import { helper } from "../stripe/helper";\nexport const connector = { id: helper };`,
  "lib/notices/send.ts": `import { connector } from "../integrations/stripe/connector";\nexport const via = connector.id;`,
  "lib/alpha/one.ts": `import { two } from "../beta/two";\nexport const one = two;`,
  "lib/alpha/four.ts": `export const four = 4;`,
  "lib/beta/two.ts": `export const two = 2;`,
  "lib/beta/three.ts": `import { four } from "../alpha/four";\nexport const three = four;`,
  "lib/gamma/a.ts": `import { b } from "./b";\nexport const a = () => b;`,
  "lib/gamma/b.ts": `import { a } from "./a";\nexport const b = () => a;`,
  "lib/pages-user.ts": `import { page } from "../app/page";\nexport const p = page;`,
  "app/page.ts": `export const page = 1;`,
  "sandbox/server.ts": `import { two } from "../lib/beta/two";\nexport const s = two;`,
  "lib/clean/ok.ts": `import { all } from "../integrations/registry";\nexport const ok = all;`,
  "zapier-app/index.js": `const api = require("./lib/api");\nconst two = require("../lib/beta/two");\nmodule.exports = { api, two };`,
  "zapier-app/lib/api.js": `const { URL } = require("node:url");\nmodule.exports = { URL };`,
  "lib/runs-zapier.ts": `import app from "../zapier-app/index.js";\nexport const z = app;`,
};

let dir: string;
let violations: Array<{ rule: string; from: string; to: string }>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "deps-rules-"));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text + "\n");
  }
  const result = await cruise(["lib", "app", "sandbox", "zapier-app"], {
    baseDir: dir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
  });
  const output = result.output as ICruiseResult;
  violations = output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function broken(rule: string): Array<{ from: string; to: string }> {
  return violations.filter((v) => v.rule === rule).map(({ from, to }) => ({ from, to }));
}

describe("dependency rules", () => {
  it("refuse a file cycle", () => {
    // Reported once, from whichever end the cruise meets first.
    const cycles = broken("no-circular");
    expect(cycles).toHaveLength(1);
    expect([cycles[0]!.from, cycles[0]!.to].sort()).toEqual(["lib/gamma/a.ts", "lib/gamma/b.ts"]);
  });

  it("refuse a cycle between two lib concerns even when no file cycle exists", () => {
    const folders = broken("no-cycle-between-lib-concerns").map((v) => `${v.from} → ${v.to}`);
    expect(folders).toEqual(expect.arrayContaining(["lib/alpha → lib/beta", "lib/beta → lib/alpha"]));
    expect(folders.some((f) => f.includes("gamma"))).toBe(false);
  });

  it("refuse lib importing app, and the sandbox importing lib", () => {
    expect(broken("lib-not-app")).toEqual([{ from: "lib/pages-user.ts", to: "app/page.ts" }]);
    expect(broken("sandbox-and-lib-apart")).toEqual([{ from: "sandbox/server.ts", to: "lib/beta/two.ts" }]);
  });

  it("let only the registry reach into a provider folder, and no provider into another", () => {
    expect(broken("provider-only-through-registry")).toEqual([{ from: "lib/notices/send.ts", to: "lib/integrations/stripe/connector.ts" }]);
    expect(broken("provider-not-another-provider")).toEqual([{ from: "lib/integrations/slack/connector.ts", to: "lib/integrations/stripe/helper.ts" }]);
  });

  it("keep the Zapier app apart: it imports only its own files, packages and Node, and nothing imports it", () => {
    expect(broken("zapier-app-stands-alone")).toEqual([{ from: "zapier-app/index.js", to: "lib/beta/two.ts" }]);
    expect(broken("nothing-imports-zapier-app")).toEqual([{ from: "lib/runs-zapier.ts", to: "zapier-app/index.js" }]);
  });

  it("let a provider import its own files and the contract, and anyone import the registry", () => {
    const clean = violations.filter((v) => v.from.startsWith("lib/clean/") || v.from === "lib/integrations/registry.ts" || v.from.startsWith("lib/integrations/stripe/"));
    expect(clean).toEqual([]);
  });
});
