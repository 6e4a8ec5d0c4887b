// Generic code never names a provider: `if (id === "sendgrid")` is a capability the
// contract is missing. The provider ids are the folders that hold a connector
// (lib/integrations/<p>/connector.ts) or an emulator (sandbox/<p>/index.ts); only
// those folders and the two registries may spell them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

function providerFolders(base: string, marker: string): string[] {
  return readdirSync(path.join(root, base), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, base, d.name, marker)))
    .map((d) => d.name);
}

function sourceFiles(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.(ts|tsx)$/.test(d.name))
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)));
}

/** Quoted provider ids in code, not prose: "stripe", 'slack', `paypal`. */
function namedProviders(file: string, ids: string[]): string[] {
  const quoted = new RegExp(`["'\`](${ids.map((id) => id.replace(/-/g, "\\-")).join("|")})["'\`]`);
  return readFileSync(path.join(root, file), "utf8")
    .split("\n")
    .filter((line) => quoted.test(line) && !/^\s*(\/\/|\/\*|\*)/.test(line))
    .map((line) => `${file}: ${line.trim()}`);
}

describe("generic code names no provider", () => {
  const libProviders = providerFolders("lib/integrations", "connector.ts");
  const sandboxProviders = providerFolders("sandbox", "index.ts").filter((p) => p !== "core" && p !== "receiver");

  it("finds the providers it guards (so this test cannot pass by finding none)", () => {
    expect(libProviders).toEqual(expect.arrayContaining(["stripe", "sendgrid", "slack"]));
    expect(sandboxProviders).toEqual(expect.arrayContaining(["stripe", "sendgrid", "slack"]));
  });

  it("in app, components and lib outside the provider folders and the registry", () => {
    // lib/auth names sign-in identity providers (NextAuth's "google", "github"): a person's login, not a
    // connector, though one id is spelled the same; the connectors' ids are still guarded everywhere else.
    const generic = [...sourceFiles("app"), ...sourceFiles("components"), ...sourceFiles("lib"), "middleware.ts"].filter(
      (f) => f !== "lib/integrations/registry.ts" && !f.startsWith("lib/auth/") && !libProviders.some((p) => f.startsWith(`lib/integrations/${p}/`)),
    );
    expect(generic.length).toBeGreaterThan(100);
    expect(generic.flatMap((f) => namedProviders(f, libProviders))).toEqual([]);
  });

  it("in the sandbox's core and shared files outside the provider folders and its registry", () => {
    const generic = sourceFiles("sandbox").filter((f) => f !== "sandbox/registry.ts" && !sandboxProviders.some((p) => f.startsWith(`sandbox/${p}/`)));
    expect(generic.length).toBeGreaterThan(10);
    expect(generic.flatMap((f) => namedProviders(f, sandboxProviders))).toEqual([]);
  });
});
