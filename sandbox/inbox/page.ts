// GET /: what the modules received, for a person to look at instead of reading
// logs: each module's section (ProviderModule.inbox), then the request log. Plain
// server-rendered HTML; nothing on it runs scripts.
import type { Runtime } from "../core/context";
import { html, page } from "../core/html";
import type { InboxSection, SandboxModule } from "../core/provider-module";
import { allEntries, calendarSources } from "./calendar-sources";
import { requestsSection } from "./requests-view";
import { WEEK_ANCHOR, WEEK_CSS, weekSection } from "./week-view";

const CSS = `
.card-table{border:1px solid #dfe3ec;border-radius:8px;margin-bottom:14px}
`;

function count(n: number): string {
  return n === 0 ? "" : ` (${n})`;
}

interface Shown {
  section: InboxSection<unknown>;
  state: unknown;
}

/** The shared week view as a section of its own, placed before the first calendar provider's section. */
function withWeek(rt: Runtime, modules: readonly SandboxModule[], askedWeek: string | null): Shown[] {
  const sources = calendarSources(modules, rt);
  const shown: Shown[] = [];
  for (const m of modules) {
    if (sources[0]?.name === m.name) {
      const entries = allEntries(sources);
      const section: InboxSection<unknown> = {
        anchor: WEEK_ANCHOR,
        label: "Calendar week",
        note: [...new Set(entries.map((e) => e.provider))].join(" and "),
        count: () => entries.filter((e) => !e.cancelled).length,
        render: () => weekSection(rt, entries, askedWeek),
        css: WEEK_CSS,
      };
      shown.push({ section, state: null });
    }
    if (m.inbox?.section) shown.push({ section: m.inbox.section, state: m.state.of(rt) });
  }
  return shown;
}

/**
 * `askedWeek`: the ?week= of the page's URL, a day of the week the calendar view shows.
 * `only`: the ?only= of the URL, a section's anchor: that section alone (and the
 * navigation to the others), for a sandbox that has gathered a long day's traffic.
 */
export function inboxPage(rt: Runtime, modules: readonly SandboxModule[], askedWeek: string | null = null, only: string | null = null): string {
  const all = withWeek(rt, modules, askedWeek);
  const shown = only && all.some(({ section }) => section.anchor === only) ? all.filter(({ section }) => section.anchor === only) : all;
  const requests = rt.requests.list();
  const links = [
    ["/_sandbox/inbox.json", "inbox.json"],
    ["/_sandbox/requests", "requests"],
    ["/_sandbox/faults", "faults"],
    ...all.flatMap(({ section }) => section.links ?? []),
    ["/_sandbox/health", "health"],
  ];
  const body = html`<header class="top">
      <h1>Switchboard sandbox</h1>
      <nav>
        ${all.map(({ section, state }) => html`<a href="${shown === all ? "" : "/"}#${section.anchor}">${section.label}${count(section.count(state))}</a>
        `)}<a href="${shown === all ? "" : "/"}#requests">Requests${count(requests.length)}</a>
        <a href="/">${shown === all ? "Refresh" : "Show everything"}</a>
      </nav>
      <span class="badge ${rt.specs.validating ? "ok" : "warn"}">${rt.specs.validating ? "validating requests against the providers' specs" : "not validating: specs folder missing"}</span>
    </header>
    <main>
      ${shown.map(({ section, state }) => html`<section id="${section.anchor}"><h2>${section.label} <span class="muted small">${section.note}</span></h2>${section.render(state, rt)}</section>
      `)}${shown === all ? html`<section id="requests"><h2>Requests</h2>${requestsSection(requests)}</section>` : ""}
      <p class="muted small">Control API: ${links.map(([href, text], i) => html`${i > 0 ? " · " : ""}<a href="${href}">${text}</a>`)}</p>
    </main>`;
  return page("Switchboard sandbox inbox", body, CSS + shown.map(({ section }) => section.css ?? "").join(""));
}
