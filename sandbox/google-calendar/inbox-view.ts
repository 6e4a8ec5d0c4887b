import { html, type Raw } from "../core/html";
import type { InboxCalendarEntry } from "./inbox-model";
import { addDays, daysOf, instantOf, localTime, weekStart, localDay } from "./week";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

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

/** The week shown is the one of the earliest entry still to come, or of the earliest entry at all. */
function shownWeek(entries: InboxCalendarEntry[], now: number): string | null {
  const live = entries.filter((e) => e.status !== "cancelled" && instantOf(e.start) !== null);
  const pool = live.length ? live : entries.filter((e) => instantOf(e.start) !== null);
  const sorted = [...pool].sort((a, b) => instantOf(a.start)! - instantOf(b.start)!);
  const target = sorted.find((e) => (instantOf(e.end) ?? instantOf(e.start)!) >= now) ?? sorted[0];
  const day = target ? localDay(target.start) : null;
  return day ? weekStart(day) : null;
}

function weekView(entries: InboxCalendarEntry[], now: number): Raw {
  const monday = shownWeek(entries, now);
  if (!monday) return html``;
  const days = WEEKDAYS.map((name, i) => ({ name, day: addDays(monday, i) }));
  const sorted = [...entries].sort((a, b) => (instantOf(a.start) ?? 0) - (instantOf(b.start) ?? 0));
  return html`<div class="week">
    ${days.map(
      (d) => html`<div class="day"><div class="day-head">${d.name} <span class="muted">${d.day.slice(5)}</span></div>
        ${sorted
          .filter((e) => daysOf(e.start, e.end).includes(d.day))
          .map(
            (e) => html`<div class="entry${e.status === "cancelled" ? " cancelled" : ""}" title="${e.summary ?? ""}">
              <span class="time">${localTime(e.start) ?? "all day"}</span> ${e.summary ?? "(no title)"}
              <div class="muted small">${e.calendar}</div></div>`,
          )}
      </div>`,
    )}
  </div>
  <p class="muted small">Week of ${monday}. Times as written in each entry.</p>`;
}

export function calendarSection(entries: InboxCalendarEntry[], now: number): Raw {
  if (entries.length === 0) return html`<p class="empty">No calendar entries yet.</p>`;
  const sorted = [...entries].sort((a, b) => (instantOf(a.start) ?? 0) - (instantOf(b.start) ?? 0));
  return html`${weekView(entries, now)}
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
