// A provider's logo lives in its own folder (lib/integrations/<p>/logo.svg) and is
// served by one route; only ids of the registry are read.
import { describe, expect, it } from "vitest";
import { logoUrl, readLogo } from "@/lib/integrations/logos";
import { manifests } from "@/lib/integrations/registry";

describe("provider logos", () => {
  it("every provider in the registry has an SVG logo in its folder", async () => {
    expect(manifests.length).toBeGreaterThan(0);
    for (const m of manifests) {
      const svg = await readLogo(m.id);
      expect(svg, m.id).toMatch(/^<svg[\s>]/);
    }
  });

  it("reads nothing for an id the registry does not know, paths included", async () => {
    for (const id of ["nope", "../../package.json", "..", "stripe/../../../package.json", ""]) {
      expect(await readLogo(id)).toBeUndefined();
    }
  });

  it("addresses the logo by provider id, escaped", () => {
    expect(logoUrl("google-calendar")).toBe("/api/integrations/google-calendar/logo");
    expect(logoUrl("a/b")).toBe("/api/integrations/a%2Fb/logo");
  });
});
