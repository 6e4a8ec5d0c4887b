// What the Health page's tables, charts and summary line say, rendered to HTML:
// statuses in words with a shape beside the colour, the breaker in words, the
// link to the filtered call log, and the numbers behind the charts as a table.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConnectionsTable } from "@/components/health/connections-table";
import { SeriesSection } from "@/components/health/series-section";
import { summaryText } from "@/components/health/summary-line";
import type { ConnectionHealth } from "@/lib/health/connections";
import { bucketsFor } from "@/lib/health/windows";

const openedAt = new Date("2026-12-07T05:00:00Z");
const slack: ConnectionHealth = {
  kind: "connection",
  id: "c1",
  connectorId: "slack",
  name: "Slack",
  mode: "sandbox",
  connectionStatus: "connected",
  verdict: { level: "attention", label: "Needs attention", reasons: ["Circuit breaker open since 2026-12-07 05:00 UTC: calls are paused"] },
  lastSuccessAt: null,
  rates: { calls: 20, failures: 15, rejected: 2, errorRate: 0.75, p50Ms: 120, p95Ms: 480.4 },
  breaker: { state: "open", openedAt, trippedAt: new Date("2026-12-07T04:00:00Z"), reopensAt: new Date(openedAt.getTime() + 30_000) },
  rateLimit: { capacity: 20, refillPerSecond: 1, inUse: 12 },
  deliveriesWaiting: 3,
  tokenExpiresAt: null,
  grantEndsAt: null,
  href: "/settings/integrations/slack?log=errors#health",
};

describe("the Health page's pieces", () => {
  it("writes a connection's status, breaker and figures in words, linking to its failed calls", () => {
    const html = renderToStaticMarkup(createElement(ConnectionsTable, { rows: [slack], windowLabel: "24 h" }));
    expect(html).toContain('aria-label="Connections"');
    expect(html).toContain("Calls (24 h)");
    expect(html).toContain('<span aria-hidden="true">✕</span>Needs attention');
    expect(html).toContain("Circuit breaker open since 2026-12-07 05:00 UTC");
    expect(html).toContain("Open: calls are paused after repeated failures");
    expect(html).toContain("Test call after 2026-12-07 05:00:30 UTC");
    expect(html).toContain("75%");
    expect(html).toContain("120 ms / 480 ms");
    expect(html).toContain("12 of 20 in use (60%)");
    expect(html).toContain("2 refused");
    expect(html).toContain('href="/settings/integrations/slack?log=errors#health"');
    expect(html).toContain('aria-label="Slack: errors in the call log"');
  });

  it("sums the page up in one line", () => {
    const none = { connections: 0, endpoints: 0, needAttention: 0, degraded: 0, breakersOpen: 0, deliveriesFailing: 0 };
    expect(summaryText(none)).toBe("Nothing connected yet");
    expect(summaryText({ ...none, connections: 2, endpoints: 1 })).toBe("All healthy: 2 connections, 1 endpoint");
    expect(summaryText({ ...none, connections: 3, needAttention: 2, breakersOpen: 1, deliveriesFailing: 3 })).toBe("2 need attention · 1 breaker open · 3 deliveries failing");
    expect(summaryText({ ...none, connections: 1, needAttention: 1, degraded: 1, deliveriesFailing: 1 })).toBe("1 needs attention · 1 degraded · 1 delivery failing");
  });

  it("gives the charts' totals in a sentence and every bucket in a table", () => {
    const b = bucketsFor("24h", new Date("2026-12-07T06:30:00Z"));
    const points = Array.from({ length: b.count }, (_, i) => ({
      start: new Date(b.first.getTime() + i * b.stepMs),
      calls: i === 20 ? 4 : 0,
      failures: i === 20 ? 1 : 0,
      rejected: 0,
      errorRate: i === 20 ? 0.25 : 0,
      p50Ms: i === 20 ? 100 : null,
      p95Ms: i === 20 ? 300 : null,
    }));
    const html = renderToStaticMarkup(createElement(SeriesSection, { id: "chart-calls", title: "Provider calls", noun: { one: "call", many: "calls", failed: "failed" }, points, window: "24h", windowLabel: "24 h" }));
    expect(b.first.toISOString()).toBe("2026-12-06T07:00:00.000Z");
    expect(html).toContain("Last 24 h: 4 calls, 1 failed (25.0%); highest p95 latency in one period 300 ms.");
    expect(html).toContain('aria-label="Provider calls per period"');
    expect(html.match(/<tr class="border-t border-slate-100">/g)).toHaveLength(24);
    expect(html).toContain("<td>300 ms</td>");
    expect(html).toContain("<td>—</td>");
  });
});
