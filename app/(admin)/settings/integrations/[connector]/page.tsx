import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { logoUrl } from "@/lib/integrations/logos";
import { loadConnector } from "@/lib/integrations/registry";
import { defaultConnectionMode, sandboxEnabled, sandboxUrl } from "@/lib/integrations/sandbox-url";
import { connectorPage, oauthOutcome } from "@/lib/integrations/views";
import { ApiKeyForm } from "@/components/integrations/api-key-form";
import { OAuthConnect } from "@/components/integrations/oauth-connect";
import { Health } from "@/components/integrations/health";
import { SettingsForm } from "@/components/integrations/settings-form";
import { StatusBadge } from "@/components/integrations/status-badge";
import { TemplateEditor } from "@/components/integrations/template-editor";
import { CalendarChanges } from "@/components/integrations/calendar-changes";
import { calendarSyncView } from "@/lib/calendar-sync/view";
import { BackfillPanel } from "@/components/integrations/backfill-panel";
import { latestBackfill } from "@/lib/backfills/run";
import { socialPostingView } from "@/lib/social-posting/view";
import { PostTemplates } from "@/components/integrations/post-templates";
import { RecentPosts } from "@/components/integrations/recent-posts";
import { ActionButton } from "@/components/ui/action-button";
import { FormMessage } from "@/components/ui/field";
import {
  confirmCalendarRemovalAction,
  connectApiKeyAction,
  putCalendarEntryBackAction,
  readCalendarNowAction,
  disconnectAction,
  saveSettingsAction,
  savePostTemplatesAction,
  saveTemplateAction,
  sendTestAction,
  setEnabledAction,
  startBackfillAction,
  testConnectionAction,
} from "./actions";

const oauthFailures: Record<string, string> = {
  invalid_state: "That connection attempt is unknown, expired or already used. Start connecting again.",
};

export default async function ConnectorPage({ params, searchParams }: { params: Promise<{ connector: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ connector: id }, q] = await Promise.all([params, searchParams]);
  const member = await requireAdmin();
  const connector = await loadConnector(id);
  if (!connector) notFound();
  const [view, outcome] = await Promise.all([connectorPage(db(), member.orgId, connector, { log: q.log === "errors" ? "errors" : "all" }), oauthOutcome(db(), member.orgId, member.userId, q.attempt)]);
  const { status, connection, templates } = view;
  const connected = status !== "not_connected";
  const calendarSync = connector.calendarSync && connection && connected ? await calendarSyncView(db(), member.orgId, connection.id) : null;
  const backfill = connector.backfill && connected ? await latestBackfill(db(), member.orgId, connector.id) : null;
  const social = connected ? await socialPostingView(db(), member.orgId, connector, connection?.id ?? null) : null;
  // The sandbox is a demo tool: where it is off, only live mode is offered (and the server refuses the other).
  const sandbox = sandboxEnabled();
  const banner = outcome
    ? { ok: outcome.outcome === "connected", message: outcome.outcome_message ?? "" }
    : q.oauth
      ? { ok: false, message: oauthFailures[q.oauth] ?? "Connecting failed. Start again." }
      : undefined;

  return (
    <div className="space-y-6">
      <Link href="/settings/integrations" className="text-sm text-brand-700 hover:underline">← All integrations</Link>
      <div className="flex flex-wrap items-center gap-3">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={logoUrl(connector.id)} alt="" width={40} height={40} className="h-10 w-10" />
        <h1 className="text-2xl font-semibold">{connector.name}</h1>
        <StatusBadge status={status} />
        {connection && connected ? <span className="text-sm text-slate-600">{connection.mode === "sandbox" ? "Sandbox" : "Live"}{connection.accountName ? ` · ${connection.accountName}` : ""}</span> : null}
      </div>
      <p className="text-sm text-slate-600">{connector.description}</p>
      {banner ? <FormMessage message={banner.message} ok={banner.ok} /> : null}
      {status === "needs_attention" ? (
        <FormMessage message={`${connector.name} needs attention: ${connection?.statusReason ?? "the provider refused our credentials"}. Reconnect to resume.`} />
      ) : null}

      <section aria-labelledby="setup" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="setup" className="text-lg font-semibold">Connection</h2>
        <div className="mt-4 space-y-4">
          {connector.auth === "oauth2" ? (
            <div className="space-y-2">
              <OAuthConnect connectorId={connector.id} defaultMode={connection?.mode ?? defaultConnectionMode()} sandbox={sandbox} label={connected ? `Reconnect ${connector.name}` : `Connect ${connector.name}`} />
              {connected && connection?.hint ? <p className="text-xs text-slate-500">Access token {connection.hint} · scopes {connection.scopes.join(", ")}</p> : null}
              {connected && connection?.grantEndsAt ? (
                <p className="text-xs text-slate-500">
                  {connector.name}&apos;s authorization ends on {connection.grantEndsAt.toISOString().slice(0, 10)} unless it is used before then; Switchboard renews it a month ahead and tells the admins if it cannot.
                </p>
              ) : null}
            </div>
          ) : connector.oauth ? (
            // Keys or a grant that stands for them (Stripe Connect): the organizer picks either.
            <div className="space-y-6">
              <div className="space-y-2">
                <p className="text-sm text-slate-700">Sign in to {connector.name} and approve Switchboard; no keys to copy.</p>
                <OAuthConnect connectorId={connector.id} defaultMode={connection?.mode ?? defaultConnectionMode()} sandbox={sandbox} label={connected ? `Reconnect with ${connector.name}` : (connector.oauth.connectLabel ?? `Connect with ${connector.name}`)} />
              </div>
              <div className="border-t border-slate-100 pt-4">
                <h3 className="mb-2 text-sm font-medium text-slate-700">Or enter API keys</h3>
                <ApiKeyForm action={connectApiKeyAction.bind(null, connector.id)} fields={view.credentialFields} connected={connected} mode={connection?.mode ?? defaultConnectionMode()} sandbox={sandbox} />
              </div>
            </div>
          ) : (
            <ApiKeyForm action={connectApiKeyAction.bind(null, connector.id)} fields={view.credentialFields} connected={connected} mode={connection?.mode ?? defaultConnectionMode()} sandbox={sandbox} />
          )}
          {connected ? (
            <div className="flex flex-wrap gap-3 border-t border-slate-100 pt-4">
              <ActionButton action={testConnectionAction.bind(null, connector.id)} label="Test connection" variant="secondary" />
              {connector.sendTest ? <ActionButton action={sendTestAction.bind(null, connector.id)} label={connector.category === "email" ? "Send a test e-mail" : "Send a test message"} variant="secondary" /> : null}
              {status === "disabled" ? (
                <ActionButton action={setEnabledAction.bind(null, connector.id, true)} label="Enable" variant="secondary" />
              ) : (
                <ActionButton action={setEnabledAction.bind(null, connector.id, false)} label="Disable" variant="secondary" />
              )}
              <ActionButton action={disconnectAction.bind(null, connector.id)} label="Disconnect" variant="danger" confirm={`Disconnect ${connector.name}? Its credentials are deleted${connector.oauth?.revoke ? " and the grant is revoked" : ""}.`} />
            </div>
          ) : null}
          {connection?.mode === "sandbox" ? (
            <p className="text-xs text-slate-500">
              Sandbox mode talks to the local emulator; see what it received in the <a className="text-brand-700 underline" href={sandboxUrl()} target="_blank" rel="noreferrer">sandbox inbox</a>.
            </p>
          ) : null}
        </div>
      </section>

      {connected && view.fields.length ? (
        <section aria-labelledby="settings" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="settings" className="text-lg font-semibold">Settings</h2>
          <div className="mt-4"><SettingsForm action={saveSettingsAction.bind(null, connector.id)} fields={view.fields} /></div>
        </section>
      ) : null}

      {connector.backfill && connected ? <BackfillPanel label={connector.backfill.label} backfill={backfill} start={startBackfillAction.bind(null, connector.id)} /> : null}

      {templates?.messages.map((m) => (
        <section key={m.key} aria-labelledby={`template-${m.key}`} className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id={`template-${m.key}`} className="text-lg font-semibold">{m.heading}</h2>
          <div className="mt-4">
            <TemplateEditor
              title={m.label}
              action={saveTemplateAction.bind(null, connector.id, m.key)}
              initial={m.initial}
              idPrefix={m.key}
              placeholders={m.placeholders}
              sampleVars={templates.sampleVars}
            />
          </div>
        </section>
      ))}

      {social ? (
        <section aria-labelledby="post-templates" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="post-templates" className="text-lg font-semibold">What is posted</h2>
          <div className="mt-4">
            <PostTemplates action={savePostTemplatesAction.bind(null, connector.id)} initial={social.templates} limits={social.limits} sampleVars={social.sampleVars} />
          </div>
          <h3 className="mt-8 text-base font-semibold">Recent posts</h3>
          <div className="mt-2"><RecentPosts posts={social.posts} /></div>
        </section>
      ) : null}

      {calendarSync ? (
        <section aria-labelledby="calendar-changes" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="calendar-changes" className="text-lg font-semibold">Changes from the calendar</h2>
          <div className="mt-4">
            <CalendarChanges
              view={calendarSync}
              readNow={readCalendarNowAction.bind(null, connector.id)}
              confirm={(changeId) => confirmCalendarRemovalAction.bind(null, connector.id, changeId)}
              putBack={(changeId) => putCalendarEntryBackAction.bind(null, connector.id, changeId)}
            />
          </div>
        </section>
      ) : null}

      {view.activity ? (
        <section aria-labelledby="activity" className="rounded-lg border border-slate-200 bg-white p-6" data-testid="connector-activity">
          <h2 id="activity" className="text-lg font-semibold">{view.activity.title}</h2>
          <dl className="mt-4 flex flex-wrap gap-6">
            {view.activity.figures.map((f) => (
              <div key={f.label}>
                <dt className="text-xs text-slate-500">{f.label}</dt>
                <dd className="text-xl font-semibold">{f.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      {view.health ? (
        <section aria-labelledby="health" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="health" className="text-lg font-semibold">Health and call log</h2>
          {connection?.lastError ? <p className="mt-2 text-sm text-red-700">Last error {connection.lastErrorAt ? `at ${new Date(connection.lastErrorAt).toISOString().slice(0, 19).replace("T", " ")} UTC` : ""}: {connection.lastError}</p> : null}
          <div className="mt-4"><Health {...view.health} allHref={`/settings/integrations/${connector.id}#health`} errorsHref={`/settings/integrations/${connector.id}?log=errors#health`} /></div>
        </section>
      ) : null}
    </div>
  );
}
