// The inbox's Outlook section: the user's entries with their times (in the
// entry's own zone and as instants) and Teams join links, the subscriptions, and
// what was sent to the app.
import { html, type Raw } from "../core/html";
import type { Microsoft365State } from "./state";
import { outlookWeekEntries } from "./week-entries";
import { ianaZone, instantToWall } from "./zones";

export function microsoft365Inbox(state: Microsoft365State) {
  return {
    user: { id: state.user.id, mail: state.user.mail },
    calendars: state.calendars,
    entries: [...state.entries.values()].map((e) => ({
      id: e.id,
      calendarId: e.calendarId,
      changeKey: e.changeKey,
      transactionId: e.transactionId,
      subject: e.subject,
      body: e.body.content,
      start: e.start,
      end: e.end,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      location: e.location,
      attendees: e.attendees.map((a) => a.emailAddress.address),
      isReminderOn: e.isReminderOn,
      reminderMinutesBeforeStart: e.reminderMinutesBeforeStart,
      isOnlineMeeting: e.isOnlineMeeting,
      joinUrl: e.joinUrl,
      deleted: e.deleted,
    })),
    week: outlookWeekEntries(state),
    subscriptions: [...state.subscriptions.values()].map((s) => ({ id: s.id, resource: s.resource, calendarId: s.calendarId, notificationUrl: s.notificationUrl, expiresAt: new Date(s.expiresAt).toISOString() })),
    sent: state.sent.map((s) => ({ id: s.id, kind: s.kind, url: s.url, status: s.status, error: s.error, body: s.body })),
  };
}

export function microsoft365Section(state: Microsoft365State): Raw {
  const entries = [...state.entries.values()].reverse();
  const rows = entries.map((e) => {
    const zone = ianaZone(e.start.timeZone) ?? "UTC";
    const when = `${instantToWall(e.startsAt, zone).slice(0, 16).replace("T", " ")} – ${instantToWall(e.endsAt, zone).slice(11, 16)} (${e.start.timeZone})`;
    return html`<tr class="${e.deleted ? "deleted" : ""}">
      <td>${e.subject}</td><td>${when}<br><span class="muted small">${e.startsAt}</span></td>
      <td>${state.calendars.find((c) => c.id === e.calendarId)?.name ?? e.calendarId}</td>
      <td>${e.location}</td>
      <td>${e.joinUrl ? html`<a href="${e.joinUrl}">Join Teams meeting</a>` : ""}</td>
      <td>${e.attendees.map((a) => a.emailAddress.address).join(", ")}</td>
      <td>${e.deleted ? `deleted ${e.deleted.by === "hand" ? "in Outlook" : "by the app"}` : "busy"}</td></tr>`;
  });
  const subs = [...state.subscriptions.values()].map((s) => html`<li>${s.resource} → ${s.notificationUrl} until ${new Date(s.expiresAt).toISOString()}</li>`);
  const sent = state.sent.slice(-10).reverse().map((s) => html`<li>${s.kind} → ${s.status ?? s.error ?? "pending"}</li>`);
  return html`<p class="muted small">${state.user.mail}</p>
    ${entries.length ? html`<table><thead><tr><th>Subject</th><th>When</th><th>Calendar</th><th>Location</th><th>Teams</th><th>Attendees</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No entries yet.</p>`}
    ${subs.length ? html`<h3>Subscriptions</h3><ul>${subs}</ul>` : ""}
    ${sent.length ? html`<h3>Sent to the app</h3><ul>${sent}</ul>` : ""}`;
}
