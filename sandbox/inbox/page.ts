// GET /: what the modules received, for a person to look at instead of reading
// logs: each module's section (ProviderModule.inbox), then the request log. Plain
// server-rendered HTML; nothing on it runs scripts.
import type { Runtime } from "../core/context";
import { html, page } from "../core/html";
import type { InboxSection, SandboxModule } from "../core/provider-module";
import { requestsSection } from "./requests-view";

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

export function inboxPage(rt: Runtime, modules: readonly SandboxModule[]): string {
  const shown: Shown[] = modules.flatMap((m) => (m.inbox?.section ? [{ section: m.inbox.section, state: m.state.of(rt) }] : []));
  const requests = rt.requests.list();
  const links = [
    ["/_sandbox/inbox.json", "inbox.json"],
    ["/_sandbox/requests", "requests"],
    ["/_sandbox/faults", "faults"],
    ...shown.flatMap(({ section }) => section.links ?? []),
    ["/_sandbox/health", "health"],
  ];
  const body = html`<header class="top">
      <h1>Switchboard sandbox</h1>
      <nav>
        ${shown.map(({ section, state }) => html`<a href="#${section.anchor}">${section.label}${count(section.count(state))}</a>
        `)}<a href="#requests">Requests${count(requests.length)}</a>
        <a href="/">Refresh</a>
      </nav>
      <span class="badge ${rt.specs.validating ? "ok" : "warn"}">${rt.specs.validating ? "validating requests against the providers' specs" : "not validating: specs folder missing"}</span>
    </header>
    <main>
      ${shown.map(({ section, state }) => html`<section id="${section.anchor}"><h2>${section.label} <span class="muted small">${section.note}</span></h2>${section.render(state, rt)}</section>
      `)}<section id="requests"><h2>Requests</h2>${requestsSection(requests)}</section>
      <p class="muted small">Control API: ${links.map(([href, text], i) => html`${i > 0 ? " · " : ""}<a href="${href}">${text}</a>`)}</p>
    </main>`;
  return page("Switchboard sandbox inbox", body, CSS + shown.map(({ section }) => section.css ?? "").join(""));
}
