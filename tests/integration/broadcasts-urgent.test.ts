// What decides whether an urgent-only channel (a phone call) may be offered:
// the start an event had when it was published, kept at publishing, and its
// cancellation; and the event's language, kept when a client leaves it out.
import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { cancelEvent, createEvent, publishEvent, updateEvent } from "@/lib/domain/events/service";
import { urgentChange } from "@/lib/domain/events/urgent";
import { useOrgDatabase } from "../helpers/org-database";
import { eventFields } from "../helpers/fixtures";

const t = useOrgDatabase();

describe("urgent changes", () => {
  it("keeps the start at publishing and calls a move of more than an hour from it urgent, in either direction", async () => {
    const draft = await createEvent(t.db, t.orgId, eventFields);
    expect(draft.published_starts_at).toBeNull();
    expect(urgentChange(draft)).toBe(false);
    const published = await publishEvent(t.db, t.orgId, draft.id);
    expect(published.published_starts_at?.toISOString()).toBe("2030-06-01T07:00:00.000Z");
    const moved = (startsAt: string, version: number) => updateEvent(t.db, t.orgId, draft.id, { ...eventFields, startsAt, endsAt: "2030-06-01T23:00", version });
    const byHour = await moved("2030-06-01T10:00", published.version);
    expect(urgentChange(byHour)).toBe(false);
    const byMore = await moved("2030-06-01T10:01", byHour.version);
    expect(urgentChange(byMore)).toBe(true);
    const earlier = await moved("2030-06-01T07:59", byMore.version);
    expect(urgentChange(earlier)).toBe(true);
    // Publishing again (idempotent) does not move the reference start.
    const again = await publishEvent(t.db, t.orgId, draft.id);
    expect(again.published_starts_at?.toISOString()).toBe("2030-06-01T07:00:00.000Z");
  });

  it("calls a cancellation urgent", async () => {
    const e = await publishEvent(t.db, t.orgId, (await createEvent(t.db, t.orgId, eventFields)).id);
    expect(urgentChange(await cancelEvent(t.db, t.orgId, e.id))).toBe(true);
  });
});

describe("event language", () => {
  it("defaults to en-US, takes a listed language, keeps it when an update leaves it out, and refuses an unknown one by field", async () => {
    const e = await createEvent(t.db, t.orgId, eventFields);
    expect(e.language).toBe("en-US");
    const de = await updateEvent(t.db, t.orgId, e.id, { ...eventFields, language: "de-CH", version: e.version });
    expect(de.language).toBe("de-CH");
    const kept = await updateEvent(t.db, t.orgId, e.id, { ...eventFields, title: "Renamed", version: de.version });
    expect(kept.language).toBe("de-CH");
    const err = await updateEvent(t.db, t.orgId, e.id, { ...eventFields, language: "klingon", version: kept.version }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors.language).toEqual(["Choose one of the listed languages"]);
  });
});
