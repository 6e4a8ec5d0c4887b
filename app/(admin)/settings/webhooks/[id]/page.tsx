import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { domainEventCatalog, domainEventTypes } from "@/lib/domain/outbox/catalog";
import { getEndpoint, secretHint } from "@/lib/webhooks/outbound/endpoints";
import { listAttempts, listMessages } from "@/lib/webhooks/outbound/messages";
import { ActionButton } from "@/components/ui/action-button";
import { Badge } from "@/components/ui/badge";
import { EndpointForm } from "@/components/webhooks/endpoint-form";
import { ReplayForm } from "@/components/webhooks/replay-form";
import { RotateSecret } from "@/components/webhooks/rotate-secret";
import { PayloadVersions } from "@/components/webhooks/payload-versions";
import { outdatedPayloads } from "@/lib/webhooks/outbound/payload-versions";
import {
  deleteEndpointAction,
  replayFailedAction,
  resendMessageAction,
  rotateSecretAction,
  sendTestEventAction,
  setEndpointEnabledAction,
  updateEndpointAction,
  upgradePayloadsAction,
} from "../actions";

export const metadata = { title: "Webhook endpoint" };

const utc = (d: Date | null) => (d ? `${d.toISOString().replace("T", " ").slice(0, 19)} UTC` : "");

export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireAdmin();
  const { id } = await params;
  const endpoint = await getEndpoint(db(), member.orgId, id).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const [messages, attempts] = await Promise.all([listMessages(db(), member.orgId, id), listAttempts(db(), member.orgId, id)]);
  const eventTypes = domainEventTypes.map((type) => ({ type, description: domainEventCatalog[type].describe }));
  const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 16);
  return (
    <div className="space-y-8">
      <div>
        <Link href="/settings/webhooks" className="text-sm text-brand-700 underline">← Webhooks</Link>
        <h1 className="mt-2 break-all text-2xl font-semibold">{endpoint.url}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
          <Badge value={endpoint.enabled ? (endpoint.failing_since ? "failing" : "enabled") : "disabled"} />
          {endpoint.source === "zapier" ? <span className="text-slate-500">Zapier subscription</span> : null}
          {endpoint.disabled_reason && !endpoint.enabled ? <span className="text-red-700">{endpoint.disabled_reason}</span> : null}
          {endpoint.enabled && endpoint.failing_since ? <span className="text-amber-700">Failing since {utc(endpoint.failing_since)}; disabled after 5 days without a success.</span> : null}
        </div>
        <div className="mt-3 flex flex-wrap gap-3">
          {endpoint.enabled ? (
            <ActionButton action={setEndpointEnabledAction.bind(null, id, false)} label="Disable" variant="secondary" />
          ) : (
            <ActionButton action={setEndpointEnabledAction.bind(null, id, true)} label="Enable" variant="secondary" />
          )}
          <ActionButton action={sendTestEventAction.bind(null, id)} label="Send test event" variant="secondary" />
          <ActionButton action={deleteEndpointAction.bind(null, id)} label="Delete" variant="danger" confirm="Delete this endpoint and its message history?" />
        </div>
      </div>

      <section aria-labelledby="secret-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="secret-heading" className="mb-2 text-lg font-semibold">Signing secret</h2>
        <RotateSecret action={rotateSecretAction.bind(null, id)} hint={secretHint(endpoint)} />
        {endpoint.previous_secret_expires_at && endpoint.previous_secret_expires_at > new Date() ? (
          <p className="mt-2 text-sm text-slate-600">The previous secret also signs until {utc(endpoint.previous_secret_expires_at)}.</p>
        ) : null}
      </section>

      <section aria-labelledby="settings-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="settings-heading" className="mb-3 text-lg font-semibold">Settings</h2>
        <EndpointForm
          action={updateEndpointAction.bind(null, id)}
          eventTypes={eventTypes}
          mode="edit"
          defaults={{ url: endpoint.url, description: endpoint.description, eventTypes: endpoint.event_types, rateLimitPerSecond: endpoint.rate_limit_per_second }}
        />
      </section>

      <PayloadVersions outdated={outdatedPayloads(endpoint)} upgrade={upgradePayloadsAction.bind(null, id)} />

      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading" className="text-lg font-semibold">Messages</h2>
        <div className="mt-3">
          <ReplayForm action={replayFailedAction.bind(null, id)} defaultSince={yesterday} />
        </div>
        <table className="mt-4 w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Messages">
          <thead className="text-left text-slate-600">
            <tr><th className="px-3 py-2">Message</th><th className="pr-3">Type</th><th className="pr-3">Status</th><th className="pr-3">Attempts</th><th className="pr-3">Next attempt</th><th className="pr-3">Created</th><th /></tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id} className="border-t border-slate-100 align-top" data-testid="message-row">
                <td className="px-3 py-2"><code className="text-xs">{m.msg_id}</code></td>
                <td className="py-2 pr-3"><code>{m.event_type}</code></td>
                <td className="py-2 pr-3"><Badge value={m.status} /></td>
                <td className="py-2 pr-3">{m.attempts}</td>
                <td className="py-2 pr-3">{utc(m.next_attempt_at)}</td>
                <td className="py-2 pr-3">{utc(m.created_at)}</td>
                <td className="py-2 pr-3 text-right">
                  {endpoint.enabled && m.status !== "pending" ? <ActionButton action={resendMessageAction.bind(null, id, m.id)} label="Resend" variant="secondary" /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {messages.length === 0 ? <p className="mt-2 text-sm text-slate-600">No messages yet. Send a test event to try the endpoint.</p> : null}
      </section>

      <section aria-labelledby="attempts-heading">
        <h2 id="attempts-heading" className="text-lg font-semibold">Attempts</h2>
        <p className="mt-1 text-sm text-slate-600">Latest first. Request headers are kept without the signature value; responses are cut at 4 KB.</p>
        <table className="mt-3 w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Attempts">
          <thead className="text-left text-slate-600">
            <tr><th className="px-3 py-2">When</th><th className="pr-3">Message</th><th className="pr-3">Trigger</th><th className="pr-3">Status</th><th className="pr-3">Latency</th><th className="pr-3">Response</th></tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={String(a.id)} className="border-t border-slate-100 align-top" data-testid="attempt-row">
                <td className="px-3 py-2 whitespace-nowrap">{utc(a.attempted_at)}</td>
                <td className="py-2 pr-3"><code className="text-xs">{a.msg_id}</code><div className="text-xs text-slate-500">{a.event_type}</div></td>
                <td className="py-2 pr-3">{a.trigger}</td>
                <td className="py-2 pr-3">{a.response_status ?? <span className="text-red-700">no response</span>}</td>
                <td className="py-2 pr-3">{a.duration_ms} ms</td>
                <td className="max-w-sm py-2 pr-3">
                  {a.error ? <div className="text-red-700">{a.error}</div> : null}
                  {a.response_body ? (
                    <details>
                      <summary className="cursor-pointer truncate text-slate-700">{a.response_body.slice(0, 80) || "(empty)"}</summary>
                      <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{a.response_body}</pre>
                      <pre className="mt-1 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs" aria-label="Request headers">{JSON.stringify(a.request_headers, null, 2)}</pre>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {attempts.length === 0 ? <p className="mt-2 text-sm text-slate-600">No attempts yet.</p> : null}
      </section>
    </div>
  );
}
