// Billing periods as the sandbox's Stripe counts them: calendar months in UTC, the
// day kept where the month has it, else its last day.
import { describe, expect, it } from "vitest";
import { addInterval } from "../../sandbox/stripe/flows/period";

const at = (iso: string) => Date.parse(iso) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe("billing periods", () => {
  it("adds months and years by the calendar, clamping to the month's last day", () => {
    expect(iso(addInterval(at("2026-01-31T10:00:00Z"), { interval: "month", intervalCount: 1 }))).toBe("2026-02-28T10:00:00.000Z");
    expect(iso(addInterval(at("2028-01-31T10:00:00Z"), { interval: "month", intervalCount: 1 }))).toBe("2028-02-29T10:00:00.000Z");
    expect(iso(addInterval(at("2026-12-15T00:00:00Z"), { interval: "month", intervalCount: 1 }))).toBe("2027-01-15T00:00:00.000Z");
    expect(iso(addInterval(at("2026-03-31T08:30:00Z"), { interval: "month", intervalCount: 3 }))).toBe("2026-06-30T08:30:00.000Z");
    expect(iso(addInterval(at("2028-02-29T12:00:00Z"), { interval: "year", intervalCount: 1 }))).toBe("2029-02-28T12:00:00.000Z");
  });

  it("adds days and weeks as fixed lengths", () => {
    expect(iso(addInterval(at("2026-12-07T09:00:00Z"), { interval: "week", intervalCount: 2 }))).toBe("2026-12-21T09:00:00.000Z");
    expect(iso(addInterval(at("2026-12-31T09:00:00Z"), { interval: "day", intervalCount: 1 }))).toBe("2027-01-01T09:00:00.000Z");
  });
});
