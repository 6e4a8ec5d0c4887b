// What reaches Sentry: credentials and personal data taken out of every part of
// an error report and its breadcrumbs, and what is needed to debug kept.
import type { ErrorEvent } from "@sentry/nextjs";
import { describe, expect, it } from "vitest";
import { scrubBreadcrumb, scrubEvent, scrubText } from "@/lib/error-tracking/scrub";
import { redactPersonalText } from "@/lib/redaction/personal";

// Obviously fake values throughout.
const BEARER = "Bearer sbk_fake_0123456789abcdef";

function event(): ErrorEvent {
  return {
    type: undefined,
    event_id: "0123456789abcdef0123456789abcdef",
    message: "refund for erin@example.com failed",
    server_name: "web-1.internal",
    exception: {
      values: [
        {
          type: "ProviderCallError",
          value: "charge: card of Erin (+41 44 668 18 00) declined; api_key=sk_test_FAKEFAKEFAKE from 203.0.113.7",
          stacktrace: { frames: [{ filename: "lib/payments/send-refund.ts", function: "sendRefund", lineno: 42, vars: { email: "erin@example.com", token: "abc", amount: 1200 } }] },
        },
      ],
    },
    request: {
      method: "POST",
      url: "https://switchboard.example/api/v1/tickets/123/refund?access_token=abc&email=erin%40example.com",
      query_string: "access_token=abc",
      cookies: { "next-auth.session-token": "fake" },
      data: { name: "Erin Example", email: "erin@example.com" },
      headers: { authorization: BEARER, cookie: "a=b", "user-agent": "curl/8", "x-forwarded-for": "203.0.113.7", "content-type": "application/json" },
    },
    user: { id: "user-1", email: "erin@example.com", ip_address: "203.0.113.7", username: "erin" },
    extra: { attendee: { firstName: "Erin", lastName: "Example", phone: "+41446681800", ticketId: "t-1" }, note: "contact erin@example.com" },
    tags: { route: "/api/v1/tickets/[ticketId]/refund" },
    contexts: { runtime: { name: "node", version: "v24" }, order: { buyer_email: "erin@example.com", client_secret: "cs_fake" } },
    breadcrumbs: [
      { category: "fetch", data: { url: "https://api.stripe.example/v1/refunds?key=sk_test_FAKEFAKEFAKE", method: "POST", status_code: 402 } },
      { category: "console", message: "sending to erin@example.com with Authorization: Bearer abc.def" },
    ],
  };
}

describe("error report scrubbing", () => {
  const out = scrubEvent(event());
  const text = JSON.stringify(out);

  it("leaves no credential and no personal data anywhere in the report", () => {
    for (const leak of ["erin@example.com", "erin%40example.com", "+41 44 668 18 00", "+41446681800", "203.0.113.7", "sk_test_FAKEFAKEFAKE", "sbk_fake", "access_token", "cs_fake", "Erin Example", '"Erin"', "web-1.internal", "a=b"]) {
      expect(text).not.toContain(leak);
    }
  });

  it("keeps what a developer needs: the error type, the place, the route, the runtime", () => {
    expect(out.exception?.values?.[0]?.type).toBe("ProviderCallError");
    expect(out.exception?.values?.[0]?.value).toMatch(/^charge: card of Erin \(\[personal\]\) declined; api_key=\[redacted\] from \[personal\]$/);
    expect(out.exception?.values?.[0]?.stacktrace?.frames?.[0]).toMatchObject({ filename: "lib/payments/send-refund.ts", function: "sendRefund", lineno: 42, vars: { email: "[personal]", token: "[redacted]", amount: 1200 } });
    expect(out.request).toEqual({ method: "POST", url: "https://switchboard.example/api/v1/tickets/123/refund", headers: { "user-agent": "curl/8", "content-type": "application/json" } });
    expect(out.user).toEqual({ id: "user-1" });
    expect(out.tags).toEqual({ route: "/api/v1/tickets/[ticketId]/refund" });
    expect(out.contexts?.runtime).toEqual({ name: "node", version: "v24" });
    expect(out.extra).toEqual({ attendee: { firstName: "[personal]", lastName: "[personal]", phone: "[personal]", ticketId: "t-1" }, note: "contact [personal]" });
  });

  it("scrubs breadcrumbs on their own: URLs lose their query, messages their secrets", () => {
    expect(out.breadcrumbs?.[0]?.data).toEqual({ url: "https://api.stripe.example/v1/refunds", method: "POST", status_code: 402 });
    expect(scrubBreadcrumb({ message: "sending to erin@example.com with Authorization: Bearer abc.def" })?.message).toBe("sending to [personal] with Authorization: Bearer [redacted]");
  });

  it("finds personal data in text without eating dates, times, versions or ids", () => {
    expect(redactPersonalText("on 2026-12-07 at 12:30:45, v1.2.3, order 1234567890, node 24.21.0")).toBe("on 2026-12-07 at 12:30:45, v1.2.3, order 1234567890, node 24.21.0");
    expect(redactPersonalText("from 2001:db8::1 and ::1 and 198.51.100.23")).toBe("from [personal] and [personal] and [personal]");
    expect(redactPersonalText("call +1 415 555 2671 or mail a.b+c@sub.example.org")).toBe("call [personal] or mail [personal]");
    expect(scrubText("postgres://app:hunter2@db.internal/app")).not.toContain("hunter2");
  });
});
