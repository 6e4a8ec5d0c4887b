// The attendee row's message history: calls with how they ended, and WhatsApp told
// apart from SMS, escaped as React escapes every value.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AttendeeCalls } from "@/components/events/attendee-calls";
import { AttendeeSmsThread } from "@/components/events/attendee-sms";

const format = (d: Date) => d.toISOString().slice(0, 16);
const at = new Date("2030-06-01T10:00:00Z");

describe("attendee messages", () => {
  it("lists the calls placed with their status and duration, and nothing without calls", () => {
    const html = renderToStaticMarkup(
      createElement(AttendeeCalls, {
        calls: [
          { message: "Cancelled <today>", status: "completed", durationSeconds: 14, at },
          { message: "Moved", status: "no-answer", durationSeconds: 0, at },
        ],
        timeZone: "UTC",
        format,
      }),
    );
    expect(html).toContain("2 calls");
    expect(html).toContain("Cancelled &lt;today&gt; <span class=\"text-slate-500\">(completed, 14s)</span>");
    expect(html).toContain("(no-answer)");
    expect(renderToStaticMarkup(createElement(AttendeeCalls, { calls: [], timeZone: "UTC", format }))).toBe("");
  });

  it("counts SMS and WhatsApp apart and marks WhatsApp messages", () => {
    const html = renderToStaticMarkup(
      createElement(AttendeeSmsThread, {
        phone: "+41446680000",
        consentAt: at,
        messages: [
          { direction: "outbound", channel: "sms", body: "You're registered", status: "delivered", errorCode: null, at },
          { direction: "outbound", channel: "whatsapp", body: "Template HX1", status: "read", errorCode: null, at },
          { direction: "inbound", channel: "whatsapp", body: "Parking?", status: "received", errorCode: null, at },
        ],
        timeZone: "UTC",
        format,
      }),
    );
    expect(html).toContain("1 SMS, 2 WhatsApp");
    expect(html).toContain("Reply on WhatsApp</span> 2030-06-01T10:00: Parking?");
    expect(html).toContain("Sent</span> 2030-06-01T10:00: You&#x27;re registered");
  });
});
