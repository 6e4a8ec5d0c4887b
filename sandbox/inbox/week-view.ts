// The inbox's one week view of every calendar provider's entries (Google's and
// Outlook's side by side), each labelled by provider, with its join link, and an
// "Edit in calendar" form that stands in for the provider's own calendar UI.
import type { WeekEntry } from "../core/calendar-week";
import { formKey } from "../core/form-key";
import { html, type Raw } from "../core/html";
import type { Runtime } from "../core/context";
import { addDays, daysOf, instantOf, localDay, localTime, weekStart } from "../core/week";

export const WEEK_ANCHOR = "calendar-week";
export const EDIT_FORM_PURPOSE = "calendar-edit";
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/** One colour per provider, by order of appearance, so generic code needs no provider's name. */
const PALETTE = ["#2952cc", "#b3261e", "#13653a", "#7a5400"];

export const WEEK_CSS = `
.week{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:6px;margin-bottom:6px}
.day{background:#fff;border:1px solid #dfe3ec;border-radius:6px;min-height:120px;padding:6px}
.day-head{font-weight:600;font-size:12px;border-bottom:1px solid #eceef4;margin-bottom:6px;padding-bottom:3px}
.entry{position:relative;background:#eef2fb;border-left:3px solid var(--provider,#2952cc);border-radius:4px;padding:4px 6px;margin-bottom:4px;font-size:12px;overflow-wrap:anywhere}
.entry .time{font-weight:600}
.entry .provider{font-weight:600;color:var(--provider,#2952cc)}
.entry.cancelled .what{text-decoration:line-through;opacity:.7}
.entry details{margin-top:4px}
.entry summary{cursor:pointer;color:#2952cc}
.entry form{display:grid;gap:4px;margin-top:4px}
.day .entry details[open] form{position:absolute;z-index:2;left:0;width:300px;background:#fff;border:1px solid #b9c0d0;border-radius:6px;padding:8px;box-shadow:0 4px 14px rgba(29,35,48,.18)}
.day:nth-child(n+5) .entry details[open] form{left:auto;right:0}
.entry label{display:grid;gap:1px;font-size:11px;color:#394055}
.entry input{width:100%;font:inherit;font-size:12px;padding:2px 4px;border:1px solid #b9c0d0;border-radius:4px}
.entry button{font:inherit;font-size:12px;padding:3px 6px;border-radius:4px;border:1px solid #2952cc;background:#2952cc;color:#fff;cursor:pointer}
.entry button.danger{background:#fff;color:#8a1c1c;border-color:#8a1c1c}
.week-nav{display:flex;gap:14px;align-items:center;margin-bottom:8px;flex-wrap:wrap}
.form-error{background:#ffe0e0;color:#8a1c1c;border-radius:6px;padding:8px 10px}
`;

/** The Monday of the week asked for (?week=any day of it), else of the earliest entry still to come, else of the earliest entry. */
export function shownWeek(entries: WeekEntry[], now: number, asked: string | null): string | null {
  if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && !Number.isNaN(Date.parse(asked))) return weekStart(asked);
  const timed = entries.filter((e) => instantOf(e.start) !== null);
  const live = timed.filter((e) => !e.cancelled);
  const sorted = [...(live.length ? live : timed)].sort((a, b) => instantOf(a.start)! - instantOf(b.start)!);
  const target = sorted.find((e) => (instantOf(e.end) ?? instantOf(e.start)!) >= now) ?? sorted[0];
  const day = target ? localDay(target.start) : null;
  return day ? weekStart(day) : null;
}

export function weekHref(monday: string): string {
  return `/?week=${monday}#${WEEK_ANCHOR}`;
}

/** What a person typed, kept when the form comes back with an error. */
export interface Typed {
  startsAt?: string;
  endsAt?: string;
  title?: string;
  location?: string;
}

/** The form a person changes an entry with; blank fields stay as they are. */
export function editForm(rt: Runtime, e: WeekEntry, typed: Typed = {}): Raw {
  const v = { startsAt: typed.startsAt ?? e.start, endsAt: typed.endsAt ?? e.end, title: typed.title ?? e.title, location: typed.location ?? e.location ?? "" };
  return html`<form method="post" action="/_sandbox/calendar/entries/${encodeURIComponent(e.id)}/edit">
    <input type="hidden" name="formKey" value="${formKey(rt, EDIT_FORM_PURPOSE)}">
    <label>Start (date, time and offset) <input name="startsAt" value="${v.startsAt}" autocomplete="off" spellcheck="false"></label>
    <label>End <input name="endsAt" value="${v.endsAt}" autocomplete="off" spellcheck="false"></label>
    <label>Title <input name="title" value="${v.title}" autocomplete="off"></label>
    <label>Location <input name="location" value="${v.location}" autocomplete="off"></label>
    <button type="submit">Save in calendar</button>
    <button type="submit" class="danger" name="remove" value="true">Delete from calendar</button>
  </form>`;
}

function entryCard(rt: Runtime, e: WeekEntry, colour: string): Raw {
  return html`<div class="entry${e.cancelled ? " cancelled" : ""}" style="--provider:${colour}">
    <span class="time">${localTime(e.start) ?? "all day"}</span> ${e.title}
    <div class="small"><span class="provider">${e.provider}</span> <span class="muted">· ${e.calendar}</span>${e.cancelled ? html` <span class="badge err">deleted</span>` : ""}</div>
    ${e.location ? html`<div class="muted small what">${e.location}</div>` : ""}
    ${e.joinUrl && !e.cancelled ? html`<div><a href="${e.joinUrl}" rel="noreferrer noopener" target="_blank" aria-label="Join ${e.title}">Join</a></div>` : ""}
    ${e.cancelled ? "" : html`<details><summary>Edit in calendar</summary>${editForm(rt, e)}</details>`}
  </div>`;
}

export function weekSection(rt: Runtime, entries: WeekEntry[], asked: string | null): Raw {
  const monday = shownWeek(entries, rt.clock.now(), asked);
  if (!monday) return html`<p class="empty">No calendar entries yet.</p>`;
  const providers = [...new Set(entries.map((e) => e.provider))];
  const colour = (e: WeekEntry) => PALETTE[providers.indexOf(e.provider) % PALETTE.length]!;
  const days = WEEKDAYS.map((name, i) => ({ name, day: addDays(monday, i) }));
  const sorted = [...entries].sort((a, b) => (instantOf(a.start) ?? 0) - (instantOf(b.start) ?? 0));
  const otherWeeks = [...new Set(sorted.flatMap((e) => (localDay(e.start) ? [weekStart(localDay(e.start)!)] : [])))].filter((w) => w !== monday);
  return html`<nav class="week-nav" aria-label="Weeks">
      <a href="${weekHref(addDays(monday, -7))}">← Previous week</a>
      <strong>Week of ${monday}</strong>
      <a href="${weekHref(addDays(monday, 7))}">Next week →</a>
      ${otherWeeks.length ? html`<span class="muted small">Entries also in the weeks of ${otherWeeks.map((w, i) => html`${i > 0 ? ", " : ""}<a href="${weekHref(w)}">${w}</a>`)}</span>` : ""}
    </nav>
    <div class="week">
    ${days.map(
      (d) => html`<div class="day"><div class="day-head">${d.name} <span class="muted">${d.day.slice(5)}</span></div>
        ${sorted.filter((e) => daysOf(e.start, e.end).includes(d.day)).map((e) => entryCard(rt, e, colour(e)))}
      </div>`,
    )}
  </div>
  <p class="muted small">Times as written in each entry. "Edit in calendar" changes the entry as its organizer would in ${providers.join(" or ")}: the provider tells the app as it would (push notifications). Blank fields stay as they are.</p>`;
}
