// The two-way sync engine's pure rules: when a channel is renewed, and what
// counts as a difference between an entry and its event.
import { describe, expect, it } from "vitest";
import { differences } from "@/lib/calendar-sync/apply";
import { renewalTime } from "@/lib/calendar-sync/channels";
import { eventIdOf } from "@/lib/integrations/google-calendar/sync";
import { entryIdFor } from "@/lib/integrations/google-calendar/entries";
import type { EventRow } from "@/lib/db/schema";

const HOUR = 3_600_000;
const now = new Date("2030-01-01T00:00:00Z");

describe("renewalTime", () => {
  it("renews a week-long channel 12 hours before it ends", () => {
    expect(renewalTime(new Date(now.getTime() + 7 * 24 * HOUR), now).toISOString()).toBe("2030-01-07T12:00:00.000Z");
  });
  it("renews a short channel a quarter of its remaining life before it ends", () => {
    expect(renewalTime(new Date(now.getTime() + 4 * HOUR), now).toISOString()).toBe("2030-01-01T03:00:00.000Z");
  });
  it("renews at once a channel already past its end", () => {
    const past = new Date(now.getTime() - HOUR);
    expect(renewalTime(past, now).getTime()).toBe(past.getTime());
  });
});

describe("differences", () => {
  const ev = { title: "Talk", venue: "Hall 1", online: false, starts_at: new Date("2030-06-01T07:00:00Z"), ends_at: new Date("2030-06-01T09:00:00Z") } as EventRow;
  const base = { eventId: "e", entryId: "x", version: "v", removed: false };

  it("finds nothing when the entry says what the event says, seconds and offsets aside", () => {
    expect(differences({ ...base, title: "Talk", startsAt: "2030-06-01T09:00:30+02:00", endsAt: "2030-06-01T11:00:00+02:00", location: "Hall 1" }, ev)).toEqual({});
  });
  it("reports each changed field with its before and after", () => {
    expect(differences({ ...base, title: "Talk!", startsAt: "2030-06-01T08:00:00Z", endsAt: "2030-06-01T09:00:00Z", location: "Room 2" }, ev)).toEqual({
      title: { before: "Talk", after: "Talk!" },
      startsAt: { before: "2030-06-01T07:00:00.000Z", after: "2030-06-01T08:00:00Z" },
      location: { before: "Hall 1", after: "Room 2" },
    });
  });
  it("leaves an online event's location alone: it is the meeting link, ours to set", () => {
    expect(differences({ ...base, location: "https://meet.example.test/j/1" }, { ...ev, online: true } as EventRow)).toEqual({});
  });
});

describe("Google entry ids", () => {
  it("reads the event id back from an entry id of ours, and nothing from anyone else's", () => {
    const id = "0b7c1f5e-2d3a-4c5b-9e8f-1a2b3c4d5e6f";
    expect(eventIdOf(entryIdFor(id))).toBe(id);
    expect(eventIdOf("a1b2c3d4e5")).toBeUndefined();
    expect(eventIdOf(undefined)).toBeUndefined();
  });
});
