import { describe, expect, it } from "vitest";
import { formatMoney, minorUnitDigits } from "@/lib/domain/money";
import { instantToLocal, isTimeZone, localToInstant } from "@/lib/domain/time";

describe("wall-clock times in the event's zone", () => {
  it("reads a Zurich winter time as UTC+1 and summer time as UTC+2", () => {
    expect(localToInstant("2030-01-15T18:00", "Europe/Zurich").toISOString()).toBe("2030-01-15T17:00:00.000Z");
    expect(localToInstant("2030-07-15T18:00", "Europe/Zurich").toISOString()).toBe("2030-07-15T16:00:00.000Z");
  });

  it("round-trips through the form representation", () => {
    for (const tz of ["America/New_York", "Asia/Kolkata", "UTC", "Pacific/Auckland"]) {
      const instant = localToInstant("2030-03-10T09:30", tz);
      expect(instantToLocal(instant, tz)).toBe("2030-03-10T09:30");
    }
  });

  it("knows real zones from made-up ones", () => {
    expect(isTimeZone("Europe/Zurich")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});

describe("money", () => {
  it("uses the currency's own minor unit", () => {
    expect(minorUnitDigits("EUR")).toBe(2);
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(formatMoney(2550, "EUR")).toBe("€25.50");
    expect(formatMoney(500, "JPY")).toBe("¥500");
    expect(formatMoney(0, "USD")).toBe("Free");
  });
});
