import { describe, expect, it } from "vitest";
import { fillTemplate, fitPost, formatEventDate, postLength, postTemplatesInput, SAMPLE_POST_VARS } from "@/lib/social-posting/templates";

const URL = "https://events.example.com/e/a-rather-long-event-slug-that-goes-on-and-on";

describe("post templates", () => {
  it("counts each link as X does, and code points elsewhere", () => {
    expect(postLength(`Hi ${URL}`, 23)).toBe(3 + 23);
    expect(postLength(`Hi ${URL}`)).toBe(3 + URL.length);
    expect(postLength("Zürich 🎉")).toBe(8);
  });

  it("cuts the words, never the link", () => {
    const text = `${"word ".repeat(80)}${URL} and more`;
    const fitted = fitPost(text, URL, 280, 23);
    expect(postLength(fitted, 23)).toBeLessThanOrEqual(280);
    expect(fitted.endsWith(`… ${URL}`)).toBe(true);
    expect(fitPost("short", URL, 280, 23)).toBe("short");
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
    expect(schema.safeParse({ published: "{title} {url}", cancelled: "{title} {url}", moved: "{date} {url}" }).success).toBe(true);
  });
});
