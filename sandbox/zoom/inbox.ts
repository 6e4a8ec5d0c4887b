// The inbox's Zoom section: the user's meetings with their join links, and what
// was sent to the app's notification endpoint with its answers.
import { html, type Raw } from "../core/html";
import type { ZoomState } from "./state";

export function zoomInbox(state: ZoomState) {
  return {
    user: { email: state.user.email, accountId: state.user.accountId },
    webhookUrl: state.app.webhookUrl,
    meetings: [...state.meetings.values()].map((m) => ({
      id: m.id,
      topic: m.topic,
      startTime: m.startTime,
      duration: m.duration,
      timezone: m.timezone,
      agenda: m.agenda,
      waitingRoom: m.waitingRoom,
      passcode: m.password,
      joinUrl: m.joinUrl,
      deleted: m.deleted,
    })),
    notifications: state.app.notifications.map((n) => ({ id: n.id, event: n.event, signature: n.signature, status: n.status, error: n.error })),
  };
}

export function zoomSection(state: ZoomState): Raw {
  const meetings = [...state.meetings.values()].reverse();
  const rows = meetings.map(
    (m) => html`<tr class="${m.deleted ? "deleted" : ""}">
      <td>${m.topic}</td><td>${m.startTime} (${m.timezone}), ${m.duration} min</td>
      <td><a href="${m.joinUrl}">${m.joinUrl}</a></td>
      <td>${m.waitingRoom ? "waiting room" : ""}${m.password ? " · passcode" : ""}</td>
      <td>${m.deleted ? `deleted ${m.deleted.by === "hand" ? "by hand" : "by the app"}` : "scheduled"}</td></tr>`,
  );
  const sent = state.app.notifications.slice(-10).reverse().map((n) => html`<li>${n.event} (${n.signature}) → ${n.status ?? n.error ?? "pending"}</li>`);
  return html`<p class="muted small">${state.user.email} · notifications to ${state.app.webhookUrl ?? "(no endpoint yet)"}</p>
    ${meetings.length ? html`<table><thead><tr><th>Topic</th><th>When</th><th>Join link</th><th>Settings</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No meetings yet.</p>`}
    ${sent.length ? html`<h3>Notifications sent</h3><ul>${sent}</ul>` : ""}`;
}
