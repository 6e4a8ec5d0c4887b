import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildFingerprint, buildIsCurrent, clearBuildStamp, recordBuild } from "@/scripts/lib/build-fingerprint";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A small project: sources, config, a lock file and a data directory. */
function project(): { root: string; write: (file: string, text: string) => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), "build-fingerprint-"));
  dirs.push(root);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write("app/page.tsx", "export default function Page() { return null; }\n");
  write("lib/money.ts", "export const cents = 100;\n");
  write("components/button.tsx", "export function Button() { return null; }\n");
  write("public/logo.svg", "<svg/>\n");
  write("next.config.ts", "export default {};\n");
  write("package-lock.json", '{"lockfileVersion":3}\n');
  write(".data/pg/postmaster.pid", "1234\n");
  return { root, write };
}

const env = { NODE_ENV: "production", NEXT_PUBLIC_SITE_NAME: "Demo", DATABASE_URL: "postgres://fake" };

describe("buildFingerprint", () => {
  it("is the same for the same sources and changes when a source file, a public file or the lock file changes", () => {
    const { root, write } = project();
    const first = buildFingerprint(root, env);
    expect(buildFingerprint(root, env)).toBe(first);

    // Same length, different bytes: the content counts, not only the size.
    write("lib/money.ts", "export const cents = 200;\n");
    const afterLib = buildFingerprint(root, env);
    expect(afterLib).not.toBe(first);

    write("app/events/page.tsx", "export default function Events() { return null; }\n");
    const afterNewPage = buildFingerprint(root, env);
    expect(afterNewPage).not.toBe(afterLib);

    write("public/logo.svg", "<svg></svg>\n");
    const afterPublic = buildFingerprint(root, env);
    expect(afterPublic).not.toBe(afterNewPage);

    write("package-lock.json", '{"lockfileVersion":3,"packages":{}}\n');
    expect(buildFingerprint(root, env)).not.toBe(afterPublic);
  });

  it("does not change when only the data directory, tests or scripts change", () => {
    const { root, write } = project();
    const first = buildFingerprint(root, env);
    write(".data/pg/postmaster.pid", "5678\n");
    write(".data/reports/summary.txt", "1 passed, 0 failed\n");
    write("tests/unit/new.test.ts", "// a test\n");
    write("scripts/tool.ts", "// a script\n");
    expect(buildFingerprint(root, env)).toBe(first);
  });

  it("changes with NODE_ENV and NEXT_PUBLIC_* variables, not with server-only ones", () => {
    const { root } = project();
    const first = buildFingerprint(root, env);
    expect(buildFingerprint(root, { ...env, DATABASE_URL: "postgres://other-fake" })).toBe(first);
    expect(buildFingerprint(root, { ...env, NEXT_PUBLIC_SITE_NAME: "Other" })).not.toBe(first);
    expect(buildFingerprint(root, { ...env, NODE_ENV: "development" })).not.toBe(first);
  });
});

describe("buildIsCurrent", () => {
  it("holds only after a recorded build of the same fingerprint whose BUILD_ID is still in place", () => {
    const { root, write } = project();
    const dist = path.join(root, ".next");
    const fingerprint = buildFingerprint(root, env);
    expect(buildIsCurrent(dist, fingerprint)).toBe(false);

    write(".next/BUILD_ID", "build-one");
    expect(buildIsCurrent(dist, fingerprint)).toBe(false);
    recordBuild(dist, fingerprint);
    expect(buildIsCurrent(dist, fingerprint)).toBe(true);

    write("app/page.tsx", "export default function Page() { return <main />; }\n");
    expect(buildIsCurrent(dist, buildFingerprint(root, env))).toBe(false);

    // A build made outside (the test run's next build) replaced BUILD_ID.
    write(".next/BUILD_ID", "build-two");
    expect(buildIsCurrent(dist, fingerprint)).toBe(false);

    recordBuild(dist, fingerprint);
    clearBuildStamp(dist);
    expect(buildIsCurrent(dist, fingerprint)).toBe(false);
  });
});
