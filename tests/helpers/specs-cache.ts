// The providers' API descriptions for a machine without ../shared/specs: each file
// the sandbox reads is fetched from its public source (scripts/specs-manifest.ts)
// into a cache, and a copy, fetched or cached, is used only when its sha256 is the
// pinned one.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { requiredSpecFiles } from "../../sandbox/registry";
import { SPEC_SOURCES, specUrl, type SpecSource } from "../../scripts/specs-manifest";

export const SPECS_CACHE_DIR = ".data/specs-cache";

interface Options {
  cacheDir: string;
  sources: SpecSource[];
  /** Fetch `<baseUrl>/<file>` instead of each file's pinned URL (a mirror, or the tests' local server). */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export function sandboxSpecSources(): SpecSource[] {
  return requiredSpecFiles().map((file) => {
    const s = SPEC_SOURCES.find((x) => x.file === file);
    if (!s) throw new Error(`scripts/specs-manifest.ts has no source for ${file}`);
    return s;
  });
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function readIfPresent(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

export async function ensureSpecsCache(opts: Options): Promise<{ fetched: string[]; cached: string[] }> {
  const get = opts.fetch ?? fetch;
  const fetched: string[] = [];
  const cached: string[] = [];
  for (const s of opts.sources) {
    const target = path.join(opts.cacheDir, s.file);
    const existing = await readIfPresent(target);
    if (existing && sha256(existing) === s.sha256) {
      cached.push(s.file);
      continue;
    }
    const url = opts.baseUrl ? `${opts.baseUrl.replace(/\/$/, "")}/${s.file}` : specUrl(s);
    let body: Buffer;
    try {
      const res = await get(url, { signal: AbortSignal.timeout(60_000) });
      if (!res.ok) throw new Error(`answered ${res.status}`);
      body = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      const why = err.message.startsWith("answered") ? err.message : `could not be fetched (${err.cause?.code ?? err.cause?.message ?? err.message})`;
      throw new Error(`${s.file}: ${url} ${why}`);
    }
    const got = sha256(body);
    if (got !== s.sha256) {
      throw new Error(`${s.file} from ${url} has sha256 ${got}, not the pinned ${s.sha256}: refused (the upstream file differs from the one the sandbox was written against)`);
    }
    // Written beside the target and renamed, so a cut-off download never looks like a copy.
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.partial-${process.pid}`;
    await writeFile(partial, body);
    await rename(partial, target).catch(async (e) => {
      await rm(partial, { force: true });
      throw e;
    });
    fetched.push(s.file);
  }
  return { fetched, cached };
}
