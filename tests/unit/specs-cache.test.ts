// Fetching the providers' API descriptions into a cache when ../shared/specs is
// absent: each file from its pinned source, used only when its sha256 matches.
// A local server stands in for the upstream host (the base URL override).
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPEC_SOURCES, type SpecSource } from "@/scripts/specs-manifest";
import { requiredSpecFiles } from "@/sandbox/registry";
import { defaultSpecsDir, openSpecStore } from "@/sandbox/validation/spec-store";
import { ensureSpecsCache, sandboxSpecSources } from "@/tests/helpers/specs-cache";

const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

let root: string;
let served: string;
let server: http.Server;
let baseUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "specs-cache-"));
  served = path.join(root, "served");
  server = http.createServer((req, res) => {
    requests.push(req.url!);
    const file = path.join(served, decodeURIComponent(req.url!));
    if (!file.startsWith(served) || !existsSync(file)) return void res.writeHead(404).end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(root, { recursive: true, force: true });
});

async function serve(dir: string, files: Record<string, string>) {
  for (const [f, body] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await writeFile(path.join(dir, f), body);
  }
}
const source = (file: string, body: string): SpecSource => ({ file, repository: "example/specs", path: `spec/${file}`, commit: null, sha256: sha256(body) });

describe("ensureSpecsCache", () => {
  it("fetches each file from the base URL, keeps it, and reuses the verified copy without asking again", async () => {
    served = path.join(root, "ok");
    await serve(served, { "acme/a.json": '{"a":1}', "acme/b.json": '{"b":2}' });
    const cache = path.join(root, "cache-ok");
    const sources = [source("acme/a.json", '{"a":1}'), source("acme/b.json", '{"b":2}')];
    requests.length = 0;
    expect(await ensureSpecsCache({ cacheDir: cache, sources, baseUrl })).toEqual({ fetched: ["acme/a.json", "acme/b.json"], cached: [] });
    expect(requests).toEqual(["/acme/a.json", "/acme/b.json"]);
    expect(await readFile(path.join(cache, "acme/b.json"), "utf8")).toBe('{"b":2}');

    requests.length = 0;
    expect(await ensureSpecsCache({ cacheDir: cache, sources, baseUrl })).toEqual({ fetched: [], cached: ["acme/a.json", "acme/b.json"] });
    expect(requests).toEqual([]);
  });

  it("refuses a file whose sha256 is not the pinned one, naming both, and keeps nothing of it", async () => {
    served = path.join(root, "tampered");
    await serve(served, { "acme/a.json": '{"a":"changed upstream"}' });
    const cache = path.join(root, "cache-tampered");
    const pinned = source("acme/a.json", '{"a":1}');
    const err = await ensureSpecsCache({ cacheDir: cache, sources: [pinned], baseUrl }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`acme/a.json from ${baseUrl}/acme/a.json has sha256 ${sha256('{"a":"changed upstream"}')}, not the pinned ${pinned.sha256}`);
    expect(existsSync(path.join(cache, "acme/a.json"))).toBe(false);
  });

  it("fetches again over a cached copy that no longer matches its sha256", async () => {
    served = path.join(root, "repair");
    await serve(served, { "acme/a.json": '{"a":1}' });
    const cache = path.join(root, "cache-repair");
    await serve(cache, { "acme/a.json": '{"a":"damaged"}' });
    expect(await ensureSpecsCache({ cacheDir: cache, sources: [source("acme/a.json", '{"a":1}')], baseUrl })).toEqual({ fetched: ["acme/a.json"], cached: [] });
    expect(await readFile(path.join(cache, "acme/a.json"), "utf8")).toBe('{"a":1}');
  });

  it("names the URL it could not fetch", async () => {
    served = path.join(root, "empty");
    const err = await ensureSpecsCache({ cacheDir: path.join(root, "cache-404"), sources: [source("acme/gone.json", "{}")], baseUrl }).catch((e: Error) => e);
    expect((err as Error).message).toContain(`acme/gone.json: ${baseUrl}/acme/gone.json answered 404`);
  });

  it("without a base URL, fetches from the pinned raw.githubusercontent.com address", async () => {
    const asked: string[] = [];
    const fetchStub = (async (url: string) => {
      asked.push(url);
      return new Response('{"a":1}');
    }) as typeof fetch;
    const pinned = { ...source("acme/a.json", '{"a":1}'), commit: "f54f11b" };
    await ensureSpecsCache({ cacheDir: path.join(root, "cache-origin"), sources: [pinned], fetch: fetchStub });
    expect(asked).toEqual(["https://raw.githubusercontent.com/example/specs/f54f11b/spec/acme/a.json"]);
  });
});

describe("the specs manifest", () => {
  it("pins every file the sandbox reads, and the real files fetched through it open a validating spec store", async () => {
    const sources = sandboxSpecSources();
    expect(sources.map((s) => s.file).sort()).toEqual(requiredSpecFiles().sort());
    for (const s of SPEC_SOURCES) expect(s.sha256, s.file).toMatch(/^[0-9a-f]{64}$/);
    // What the sandbox reads is pinned by commit too, so the fetch never follows a moving branch.
    for (const s of sources) expect(s.commit, s.file).toMatch(/^[0-9a-f]{40}$/);
    served = defaultSpecsDir();
    const cache = path.join(root, "cache-real");
    await ensureSpecsCache({ cacheDir: cache, sources, baseUrl });
    const store = await openSpecStore(cache, requiredSpecFiles());
    expect(store.missing).toEqual([]);
    expect(store.validating).toBe(true);
  });
});
