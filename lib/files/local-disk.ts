// The default backend: files on the local disk under the data directory
// (.data/files), so the demo and a single-machine install need no account. Keys
// are checked against the one key shape before any path is built, and the path
// is checked to stay under the root, so no key reaches outside it.
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { isObjectKey } from "./keys";

export function localRoot(): string {
  return path.resolve(process.env.SWITCHBOARD_DATA_DIR ?? ".data", "files");
}

function pathOf(key: string): string {
  if (!isObjectKey(key)) throw new Error("not an object key");
  const root = localRoot();
  const full = path.resolve(root, key);
  if (!full.startsWith(root + path.sep)) throw new Error("object key outside the files directory");
  return full;
}

/** Written whole under a temporary name and renamed, so a reader never sees half a file. */
export async function putLocal(key: string, body: Uint8Array): Promise<void> {
  const file = pathOf(key);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(tmp, body);
  await rename(tmp, file);
}

export async function getLocal(key: string, opts: { maxBytes?: number } = {}): Promise<Uint8Array> {
  const handle = await open(pathOf(key), "r");
  try {
    if (opts.maxBytes === undefined) return new Uint8Array(await handle.readFile());
    const buf = Buffer.alloc(opts.maxBytes);
    const { bytesRead } = await handle.read(buf, 0, opts.maxBytes, 0);
    return new Uint8Array(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export async function headLocal(key: string): Promise<{ size: number } | null> {
  try {
    const s = await stat(pathOf(key));
    return { size: s.size };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

export async function deleteLocal(key: string): Promise<void> {
  await rm(pathOf(key), { force: true });
}

/** Every key under a prefix of the key shape ("org/<id>/"), with its size. */
export async function listLocal(prefix: string): Promise<Array<{ key: string; size: number }>> {
  const root = localRoot();
  const dir = path.resolve(root, prefix);
  if (!dir.startsWith(root + path.sep)) throw new Error("prefix outside the files directory");
  const out: Array<{ key: string; size: number }> = [];
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true, encoding: "utf8" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return out;
    throw err;
  }
  for (const rel of entries) {
    const key = path.posix.join(prefix.replace(/\/$/, ""), String(rel).split(path.sep).join("/"));
    if (!isObjectKey(key)) continue;
    const s = await stat(path.join(dir, String(rel)));
    out.push({ key, size: s.size });
  }
  return out;
}
