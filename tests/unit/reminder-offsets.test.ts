import { describe, expect, it } from "vitest";
import { ValidationError, parseOrThrow } from "@/lib/domain/errors";
import { formatOffset, offsetInput, parseOffset, reminderOffsetsInput } from "@/lib/domain/reminders/offsets";

const parse = (reminderOffsets: string) => parseOrThrow(reminderOffsetsInput, { reminderOffsets }).reminderOffsets;
function errorOf(reminderOffsets: string): string {
  try {
    parse(reminderOffsets);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).fieldErrors.reminderOffsets!.join(" ");
  }
  throw new Error(`"${reminderOffsets}" was accepted`);
}

describe("reminder offsets", () => {
  it("reads durations as minutes, largest first, each once", () => {
    expect(parseOffset("24h")).toBe(1440);
    expect(parseOffset("1h 30m")).toBe(90);
    expect(parseOffset("1h30min")).toBe(90);
    expect(parseOffset("2d")).toBe(2880);
    expect(parseOffset("45 m")).toBe(45);
    expect(parseOffset("")).toBeNull();
    expect(parseOffset("soon")).toBeNull();
    expect(parseOffset("24")).toBeNull();
    expect(parse("1h, 24h")).toEqual([1440, 60]);
    expect(parse(" 1440m , 24h,30m ")).toEqual([1440, 30]);
    expect(parse("")).toEqual([]);
  });

  it("names the piece at fault on the field", () => {
    expect(errorOf("24h, tomorrow")).toContain('"tomorrow" is not a duration');
    expect(errorOf("0m")).toContain("at least 1 minute");
    expect(errorOf("31d")).toContain("at most 30 days");
    expect(errorOf("1h, 2h, 3h, 4h, 5h, 6h")).toContain("At most 5 reminders");
  });

  it("shows offsets back as typed and as read", () => {
    expect([1440, 60, 90, 2880, 45].map(offsetInput)).toEqual(["24h", "1h", "1h 30m", "2d", "45m"]);
    expect([1440, 60, 90, 2880, 1].map(formatOffset)).toEqual(["24 hours", "1 hour", "1 hour 30 minutes", "2 days", "1 minute"]);
    for (const m of [1, 59, 61, 1440, 1500, 2880, 43200]) expect(parseOffset(offsetInput(m))).toBe(m);
  });
});
