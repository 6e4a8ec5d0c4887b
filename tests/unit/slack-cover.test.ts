import { describe, expect, it } from "vitest";
import type { DomainEvent, EventSnapshot } from "@/lib/domain/outbox/catalog";
import { publishedMessage, reminderHeadsUp } from "@/lib/integrations/slack/messages";

const ev: EventSnapshot = {
  id: "00000000-0000-4000-8000-000000000001",
  slug: "launch-abc123",
  title: "Launch <night>",
  description: "",
  venue: "Hall 1",
  startsAt: "2030-06-01T07:00:00.000Z",
  endsAt: "2030-06-01T15:00:00.000Z",
  timeZone: "Europe/Zurich",
  capacity: 10,
  status: "published",
  url: "https://app.example.test/e/launch-abc123",
};
const published = (e: EventSnapshot) => ({ type: "event.published", payload: { event: e } }) as unknown as DomainEvent<"event.published">;
const accessories = (blocks: unknown[]) => blocks.map((b) => (b as { accessory?: unknown }).accessory).filter(Boolean);

describe("Slack messages and the cover image", () => {
  it("show the cover beside the event's details when it has one", () => {
    const withCover = { ...ev, coverImageUrl: "https://app.example.test/api/public/files/00000000-0000-4000-8000-000000000002" };
    for (const m of [publishedMessage(published(withCover)), reminderHeadsUp(withCover, 60, 3)]) {
      expect(accessories(m.blocks)).toEqual([{ type: "image", image_url: withCover.coverImageUrl, alt_text: "Cover image of Launch <night>" }]);
    }
  });

  it("carry no image without a cover", () => {
    expect(accessories(publishedMessage(published(ev)).blocks)).toEqual([]);
    expect(accessories(reminderHeadsUp(ev, 60, 3).blocks)).toEqual([]);
  });
});
