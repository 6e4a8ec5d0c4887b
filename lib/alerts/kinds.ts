// The words of each kind of incident, in one place: the evaluation builds them
// from what it reads, and the flows that raise an incident themselves (a grant
// that could not be renewed, an endpoint just disabled) build them with what
// only they know (why the renewal failed, for how long deliveries failed).
import type { Condition } from "./condition";

export function needsAttentionCondition(c: { orgId: string; connectionId: string; connectorName: string; reason: string | null }): Condition {
  return {
    orgId: c.orgId,
    kind: "connection.needs_attention",
    subjectId: c.connectionId,
    fingerprint: null,
    title: `${c.connectorName} needs to be reconnected`,
    detail:
      `${c.connectorName} no longer accepts Switchboard's access${c.reason ? ` (${c.reason})` : ""}.` +
      ` Reconnect it under Settings → Integrations → ${c.connectorName}; until then nothing is sent to it or read from it.`,
  };
}

export function breakerOpenCondition(c: { orgId: string; connectionId: string; connectorName: string; trippedAt: Date; lastError: string | null }): Condition {
  return {
    orgId: c.orgId,
    kind: "connection.breaker_open",
    subjectId: c.connectionId,
    fingerprint: null,
    title: `${c.connectorName} is failing: calls are paused`,
    detail:
      `Calls to ${c.connectorName} have failed since ${c.trippedAt.toISOString().replace("T", " ").slice(0, 16)} UTC, so Switchboard paused them (the circuit breaker is open) and tries one now and then.` +
      (c.lastError ? ` The last error: ${c.lastError}.` : "") +
      ` Check ${c.connectorName}'s status and the connection's call log under Settings → Integrations → ${c.connectorName}; the work waits and is retried once calls succeed again.`,
  };
}

export function grantLapsingCondition(c: { orgId: string; connectionId: string; connectorName: string; endsAt: Date; renewalError?: string }): Condition {
  const day = c.endsAt.toISOString().slice(0, 10);
  return {
    orgId: c.orgId,
    kind: "connection.grant_lapsing",
    subjectId: c.connectionId,
    // A new end date is a new incident: the admins are told once per expiry.
    fingerprint: c.endsAt.toISOString(),
    title: `${c.connectorName}: the connection stops working on ${day}`,
    detail:
      `${c.connectorName}'s authorization of Switchboard ends on ${day} (UTC)` +
      (c.renewalError ? `, and renewing it failed: ${c.renewalError}.` : ".") +
      ` Reconnect ${c.connectorName} on its integration page before then, or its work (syncs, documents, messages) stops.`,
  };
}

export function endpointDisabledCondition(c: { orgId: string; endpointId: string; url: string; because: string }): Condition {
  return {
    orgId: c.orgId,
    kind: "webhook.endpoint_disabled",
    subjectId: c.endpointId,
    fingerprint: null,
    title: `Webhook endpoint disabled: ${c.url}`,
    detail: `Switchboard disabled the endpoint ${c.url} because ${c.because}. Fix the receiver, enable the endpoint again under Settings → Webhooks, and replay the failed messages.`,
  };
}

export function backlogCondition(c: { orgId: string; waiting: number; oldest: Date }): Condition {
  return {
    orgId: c.orgId,
    kind: "deliveries.backlog",
    subjectId: null,
    fingerprint: null,
    title: "Deliveries are piling up",
    detail:
      `${c.waiting} deliver${c.waiting === 1 ? "y is" : "ies are"} waiting or being retried, the oldest since ${c.oldest.toISOString().replace("T", " ").slice(0, 16)} UTC.` +
      " See Settings → Deliveries and Settings → Webhooks for what fails, then fix or reconnect the receiving side; the waiting deliveries go out on their own once it answers.",
  };
}

/** The notice that an incident cleared. */
export function resolvedNotice(incident: { title: string; opened_at: Date }, resolvedAt: Date): { subject: string; text: string } {
  const at = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;
  return {
    subject: `Resolved: ${incident.title}`,
    text: `This no longer needs attention: ${incident.title}. It was opened at ${at(incident.opened_at)} and cleared at ${at(resolvedAt)}; nothing more to do.`,
  };
}
