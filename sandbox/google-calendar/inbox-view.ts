import { html, type Raw } from "../core/html";
import type { InboxCalendarEntry } from "./inbox-model";
import { instant } from "./calendar/event-rules";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function when(t: unknown): string {
  if (!isObj(t)) return "";
  const zone = typeof t.timeZone === "string" ? ` (${t.timeZone})` : "";
  if (typeof t.date === "string") return `${t.date} (all day)`;
  return typeof t.dateTime === "string" ? `${t.dateTime.replace("T", " ")}${zone}` : "";
}

function reminders(r: unknown): string {
  if (!isObj(r)) return "";
  const overrides = Array.isArray(r.overrides) ? r.overrides.filter(isObj).map((o) => `${String(o.method)} ${String(o.minutes)} min before`) : [];
  return overrides.length ? overrides.join(", ") : r.useDefault ? "calendar default" : "none";
}

function attendees(list: unknown[]): string {
  return list
    .filter(isObj)
    .map((a) => `${String(a.email)}${a.responseStatus ? ` (${String(a.responseStatus)})` : ""}`)
    .join(", ");
}

/** Every entry with Google's details; the shared week view above shows them by day, beside other providers'. */
export function calendarSection(entries: InboxCalendarEntry[]): Raw {
  if (entries.length === 0) return html`<p class="empty">No calendar entries yet.</p>`;
  const sorted = [...entries].sort((a, b) => (instant(a.start) ?? 0) - (instant(b.start) ?? 0));
  return html`<p class="muted small">On the week view: <a href="#calendar-week">Calendar week</a>.</p>
    <table class="card-table">
      <tr><th>Summary</th><th>Calendar</th><th>Start</th><th>End</th><th>Attendees</th><th>Reminders</th><th>Status</th></tr>
      ${sorted.map(
        (e) => html`<tr class="${e.status === "cancelled" ? "cancelled" : ""}">
          <td><strong>${e.summary ?? "(no title)"}</strong>${e.location ? html`<br><span class="muted small">${e.location}</span>` : ""}</td>
          <td>${e.calendar}</td><td>${when(e.start)}</td><td>${when(e.end)}</td>
          <td>${attendees(e.attendees)}</td><td>${reminders(e.reminders)}</td>
          <td><span class="badge ${e.status === "cancelled" ? "err" : "ok"}">${e.status}</span>${e.sendUpdates ? html`<br><span class="muted small">sendUpdates=${e.sendUpdates}</span>` : ""}</td>
        </tr>`,
      )}
    </table>`;
}
