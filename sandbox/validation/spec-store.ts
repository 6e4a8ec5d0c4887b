// The providers' published API descriptions, read from the shared specs folder beside
// the clone (never copied into the repository). Presence is checked at start; each
// source is built on first use and kept for the life of the sandbox.
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import type { SpecSource, SpecStore } from "../core/spec-source";

export function defaultSpecsDir(): string {
  return process.env.SWITCHBOARD_SPECS_DIR ?? path.resolve(process.cwd(), "..", "shared", "specs");
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** `required`: every file the sandbox reads (the registry's requiredSpecFiles()). */
export async function openSpecStore(dir: string, required: readonly string[]): Promise<SpecStore> {
  const missing: string[] = [];
  for (const f of required.map((file) => path.join(dir, file))) if (!(await exists(f))) missing.push(f);
  const validating = missing.length === 0;
  const built = new Map<SpecSource<unknown>, Promise<unknown>>();
  // JSON files arrive parsed; others (Graph's CSDL is XML) as their text, for the source to parse.
  const read = async (f: string): Promise<unknown> => {
    const text = await readFile(path.join(dir, f), "utf8");
    return f.endsWith(".json") ? (JSON.parse(text) as unknown) : text;
  };
  const build = async <T>(source: SpecSource<T>): Promise<T> => source.build(await Promise.all(source.files.map(read)));
  return {
    dir,
    validating,
    missing,
    load<T>(source: SpecSource<T>): Promise<T | null> {
      if (!validating) return Promise.resolve(null);
      let p = built.get(source as SpecSource<unknown>);
      if (!p) built.set(source as SpecSource<unknown>, (p = build(source)));
      return p as Promise<T>;
    },
  };
}
