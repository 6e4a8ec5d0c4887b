import { describe, expect, it } from "vitest";
import { loadConnector } from "@/lib/integrations/registry";
import { fillTemplate, fitPost, formatEventDate, postLength, postTemplatesInput, SAMPLE_POST_VARS, type PostLimits } from "@/lib/social-posting/templates";

const URL = "https://events.example.com/e/a-rather-long-event-slug-that-goes-on-and-on";
const LINKS = { linkLength: 23 };

async function xLimits(): Promise<PostLimits> {
  const social = (await loadConnector("x"))!.socialPosts!;
  return { network: social.network, maxLength: social.maxLength, linkLength: social.linkLength, charWeights: social.charWeights };
}

describe("post templates", () => {
  it("counts each link as X does, and code points elsewhere", () => {
    expect(postLength(`Hi ${URL}`, LINKS)).toBe(3 + 23);
    expect(postLength(`Hi ${URL}`)).toBe(3 + URL.length);
    expect(postLength("Zürich 🎉")).toBe(8);
  });

  it("cuts the words, never the link", () => {
    const text = `${"word ".repeat(80)}${URL} and more`;
    const fitted = fitPost(text, URL, { maxLength: 280, ...LINKS });
    expect(postLength(fitted, LINKS)).toBeLessThanOrEqual(280);
    expect(fitted.endsWith(`… ${URL}`)).toBe(true);
    expect(fitPost("short", URL, { maxLength: 280, ...LINKS })).toBe("short");
  });

  it("weighs characters as X does: Latin 1; CJK, emoji and the ellipsis 2; a link 23", async () => {
    const x = await xLimits();
    expect(postLength("Zürich – “Café” ‰", x)).toBe(18);
    expect(postLength("東京…🎉", x)).toBe(8);
    expect(postLength(`東京 ${URL}`, x)).toBe(5 + 23);
  });

  it("cuts a CJK or emoji title to X's 280 by its weights, never one over", async () => {
    const x = await xLimits();
    for (const title of ["東京イベント".repeat(40), "🎉 Party ".repeat(40), `${"a".repeat(251)}東京東京`]) {
      const fitted = fitPost(`${title} ${URL}`, URL, x);
      expect(fitted.endsWith(`… ${URL}`)).toBe(true);
      expect(postLength(fitted, x)).toBeLessThanOrEqual(280);
      expect(postLength(fitted, x)).toBeGreaterThanOrEqual(279);
    }
  });

  it("fills known placeholders on one line and leaves unknown ones as typed", () => {
    expect(fillTemplate("{title}\n{other} {url}", { ...SAMPLE_POST_VARS, title: "A\nB" })).toBe(`A B\n{other} ${SAMPLE_POST_VARS.url}`);
  });

  it("writes the start in the event's own zone", () => {
    expect(formatEventDate("2030-06-01T07:00:00.000Z", "Europe/Zurich")).toBe("Sat, 1 Jun 2030, 09:00 CEST");
    expect(formatEventDate("2030-06-01T07:00:00.000Z", "America/New_York")).toBe("Sat, 1 Jun 2030, 03:00 GMT-4");
  });

  it("refuses, per field, unknown placeholders, a template without the link, and one over the limit", () => {
    const schema = postTemplatesInput({ network: "X", maxLength: 280, linkLength: 23 });
    const r = schema.safeParse({ published: "{title} {when} {url}", cancelled: "Off", moved: `${"x".repeat(300)} {url}` });
    expect(r.success).toBe(false);
    const on = (field: string) => r.error!.issues.filter((i) => i.path[0] === field).map((i) => i.message).join(" ");
    expect(on("published")).toContain("{when}");
    expect(on("cancelled")).toContain("Include {url}");
    expect(on("moved")).toContain("X allows 280 (a link counts as 23)");
  });

  it("checks a template against X's weighted count, not code points", async () => {
    const schema = postTemplatesInput(await xLimits());
    const fill = (t: string) => ({ published: t, cancelled: "{title} {url}", moved: "{date} {url}" });
    // 150 CJK characters are 150 code points but 300 as X counts them.
    const r = schema.safeParse(fill(`${"東".repeat(150)} {url}`));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/has 324 characters; X allows 280 \(a link counts as 23; some characters, emoji among them, count more than one\)/);
    expect(schema.safeParse(fill(`${"東".repeat(120)} {url}`)).success).toBe(true);
    expect(schema.safeParse({ published: "{title} {url}", cancelled: "{title} {url}", moved: "{date} {url}" }).success).toBe(true);
  });
});
