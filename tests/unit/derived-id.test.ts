// Name-based ids: the same name always gives the same UUID, a well-formed
// version 5 one, and different names give different ids.
import { describe, expect, it } from "vitest";
import { derivedId } from "@/lib/db/derived-id";

describe("derivedId", () => {
  it("is stable, a version 5 UUID, and tells names apart", () => {
    const a = derivedId("slack-heads-up:0b6a3f9e-3c1d-4c59-9a51-7d1e2f3a4b5c:60");
    expect(a).toBe(derivedId("slack-heads-up:0b6a3f9e-3c1d-4c59-9a51-7d1e2f3a4b5c:60"));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedId("slack-heads-up:0b6a3f9e-3c1d-4c59-9a51-7d1e2f3a4b5c:1440")).not.toBe(a);
    expect(new Set(Array.from({ length: 1000 }, (_, i) => derivedId(`n${i}`))).size).toBe(1000);
  });
});
