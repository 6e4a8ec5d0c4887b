// `npm run specs:fetch`: the providers' API descriptions the sandbox reads, fetched
// from their public sources into .data/specs-cache and checked against their pinned
// sha256 (scripts/specs-manifest.ts). `npm test` runs it when ../shared/specs is absent.
// SWITCHBOARD_SPECS_BASE_URL fetches `<url>/<file>` from a mirror instead.
import path from "node:path";
import { SPECS_ORIGIN } from "./specs-manifest";
import { ensureSpecsCache, sandboxSpecSources, SPECS_CACHE_DIR } from "../tests/helpers/specs-cache";

async function main() {
  const baseUrl = process.env.SWITCHBOARD_SPECS_BASE_URL || undefined;
  const sources = sandboxSpecSources();
  console.log(`[specs] ${sources.length} API descriptions into ${SPECS_CACHE_DIR} from ${baseUrl ?? SPECS_ORIGIN}, each checked against its pinned sha256`);
  const r = await ensureSpecsCache({ cacheDir: path.resolve(SPECS_CACHE_DIR), sources, baseUrl });
  console.log(`[specs] ${r.fetched.length} fetched, ${r.cached.length} already cached and verified`);
}

main().catch((err) => {
  console.error(`[specs] ${(err as Error).message}`);
  process.exit(1);
});
