// Whether the production bundle in .next was built from the sources as they are
// now. The fingerprint hashes the content of every file `next build` reads from the
// project (not git: a copy without a checkout works the same) and the environment
// that is baked into the bundle; it is recorded beside the BUILD_ID it belongs to.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Folders whose every file goes into the bundle. */
const INPUT_DIRS = ["app", "lib", "components", "public"];
/** Single files that shape the build. */
const INPUT_FILES = [
  "middleware.ts",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
/** Never inputs, wherever they turn up. */
const SKIPPED = new Set(["node_modules", ".next", ".data", ".git", ".DS_Store"]);

type Env = Readonly<Record<string, string | undefined>>;

/** Variables Next.js inlines into the bundle or that change how it builds. */
function buildEnv(env: Env): [string, string][] {
  return Object.keys(env)
    .filter((k) => k === "NODE_ENV" || k.startsWith("NEXT_PUBLIC_"))
    .sort()
    .map((k) => [k, env[k] ?? ""]);
}

function listFiles(root: string, rel: string, out: string[]): void {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return;
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const child = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) listFiles(root, child, out);
    else if (entry.isFile()) out.push(child);
  }
}

/** A hash of the build's inputs under `root`: changes exactly when a rebuild could give a different bundle. */
export function buildFingerprint(root: string, env: Env = process.env): string {
  const files: string[] = [];
  for (const dir of INPUT_DIRS) listFiles(root, dir, files);
  for (const file of INPUT_FILES) if (existsSync(path.join(root, file))) files.push(file);
  files.sort();
  const hash = createHash("sha256");
  for (const file of files) {
    // Name and length first, so moving bytes from one file to the next changes the hash.
    const content = readFileSync(path.join(root, file));
    hash.update(`file ${file} ${content.length}\n`).update(content);
  }
  for (const [k, v] of buildEnv(env)) hash.update(`env ${k}=${v}\n`);
  return hash.digest("hex");
}

interface Stamp {
  fingerprint: string;
  buildId: string;
}

const stampFile = (distDir: string) => path.join(distDir, "switchboard-build.json");
const buildIdFile = (distDir: string) => path.join(distDir, "BUILD_ID");

/** True when `distDir` holds a finished build made from inputs with this fingerprint. */
export function buildIsCurrent(distDir: string, fingerprint: string): boolean {
  if (!existsSync(buildIdFile(distDir)) || !existsSync(stampFile(distDir))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile(distDir), "utf8")) as Partial<Stamp>;
    // Another `next build` (the test run's, say) replaces BUILD_ID: then the stamp is someone else's.
    return stamp.fingerprint === fingerprint && stamp.buildId === readFileSync(buildIdFile(distDir), "utf8").trim();
  } catch {
    return false;
  }
}

/** Forgets the stamp before a build, so a build that fails half-way is never taken for current. */
export function clearBuildStamp(distDir: string): void {
  rmSync(stampFile(distDir), { force: true });
}

/** Records that the build now in `distDir` was made from inputs with this fingerprint. */
export function recordBuild(distDir: string, fingerprint: string): void {
  const stamp: Stamp = { fingerprint, buildId: readFileSync(buildIdFile(distDir), "utf8").trim() };
  writeFileSync(stampFile(distDir), JSON.stringify(stamp) + "\n");
}
