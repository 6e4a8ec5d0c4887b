// `npm run build`: the production bundle (next build), recorded with a fingerprint
// of its inputs. With --if-changed (what `npm start` runs) the build is skipped when
// .next already holds a finished build of the sources as they are now.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildFingerprint, buildIsCurrent, clearBuildStamp, recordBuild } from "./lib/build-fingerprint";

const say = (line: string) => console.log(`[switchboard] ${line}`);
const root = process.cwd();
const distDir = path.join(root, ".next");
const fingerprint = buildFingerprint(root);

if (process.argv.includes("--if-changed") && buildIsCurrent(distDir, fingerprint)) {
  say("build is up to date (no source changed since the last build)");
  process.exit(0);
}

say("building… (next build)");
clearBuildStamp(distDir);
const r = spawnSync("next", ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
if (r.status !== 0) {
  console.error(`[switchboard] the production build failed${r.error ? `: ${r.error.message}` : ""}; fix the errors above and run npm start again`);
  process.exit(r.status ?? 1);
}
recordBuild(distDir, fingerprint);
