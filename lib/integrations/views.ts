// What the settings pages show of connectors and connections. Nothing sealed
// leaves here: only the masked hint, never credentials.
import type { Db } from "@/lib/db/client";
import type { ConnectionRow } from "@/lib/db/schema";
import { log } from "@/lib/log";
import type { Connector, ConnectorCategory, FieldChoice, Manifest, MessageTemplate } from "./contract";
import { connectorContext, parseSettings } from "./connections/context";
import { findConnection, listConnections } from "./connections/repository";
import { credentialFields, settingsFields, type FormField, type MapKeys } from "./forms";
import { ticketTypeNames } from "@/lib/domain/events/queries";
import { appKeyring } from "@/lib/vault/app-keyring";
import { breakerStatus, callStats, recentCalls, type CallLogFilter } from "./policy";
import { logoUrl } from "./logos";
import { manifests } from "./registry";

export const categoryLabels: Record<ConnectorCategory, string> = {
  payments: "Payments",
  calendar: "Calendars",
  meetings: "Online meetings",
  messaging: "Messaging",
  email: "E-mail",
  sms: "SMS",
  developer: "Developer tools",
  automation: "Automation",
  accounting: "Accounting",
  storage: "Storage",
  analytics: "Analytics",
  social: "Social media",
};

export type DisplayStatus = "connected" | "needs_attention" | "disabled" | "not_connected";

export function displayStatus(row: ConnectionRow | undefined): DisplayStatus {
  if (!row || row.status === "disconnected" || !row.credentials_sealed) return "not_connected";
  return row.status;
}

/** What the catalog lists: manifests only, so listing providers loads no provider SDK. */
export async function catalog(db: Db, orgId: string) {
  const rows = new Map((await listConnections(db, orgId)).map((r) => [r.connector_id, r]));
  const groups = new Map<ConnectorCategory, Array<{ connector: Manifest; logo: string; status: DisplayStatus; mode: string | null }>>();
  for (const c of manifests) {
    const row = rows.get(c.id);
    const list = groups.get(c.category) ?? [];
    list.push({ connector: c, logo: logoUrl(c.id), status: displayStatus(row), mode: row?.credentials_sealed ? row.mode : null });
    groups.set(c.category, list);
  }
  return [...groups].map(([category, items]) => ({ category, label: categoryLabels[category], items }));
}

export interface SettingsFieldView {
  name: string;
  label: string;
  type: FormField["type"];
  help?: string;
  placeholder?: string;
  /** A map field's value: the choice per key. */
  value: string | boolean | Record<string, string>;
  /** A map field's keys (the organization's ticket type names, say), each with a select of the choices. */
  keys?: string[];
  choices?: FieldChoice[];
  choicesError?: string;
  emptyChoice?: string;
}

export interface CredentialFieldView {
  name: string;
  label: string;
  type: string;
  placeholder?: string;
  help?: string;
  /** The masked hint of the value saved in this field, when it holds a secret. */
  saved: string | null;
}

/** Each credential field with the hint of its own saved secret. */
function credentialFieldViews(connector: Connector, row: ConnectionRow | undefined, connected: boolean): CredentialFieldView[] {
  const hints = row?.credential_hints ?? {};
  // Connections saved before hints were kept per field have only the first secret field's.
  const legacy = Object.keys(hints).length === 0 ? row?.credentials_hint ?? null : null;
  const fields = credentialFields(connector);
  const firstSecret = fields.find((f) => f.type === "secret")?.name;
  return fields.map((f) => ({
    name: f.name,
    label: f.label,
    type: f.type,
    placeholder: f.placeholder,
    help: f.help,
    saved: connected && f.type === "secret" ? (hints[f.name] ?? (f.name === firstSecret ? legacy : null)) : null,
  }));
}

async function mapKeys(db: Db, orgId: string, keys: MapKeys): Promise<string[]> {
  switch (keys) {
    case "ticketTypeNames":
      return ticketTypeNames(db, orgId);
  }
}

export async function connectorPage(db: Db, orgId: string, connector: Connector, opts: { log?: CallLogFilter } = {}) {
  const row = await findConnection(db, orgId, connector.id);
  const status = displayStatus(row);
  const connected = status !== "not_connected";
  const settings = parseSettings(connector, row?.settings) as Record<string, unknown>;
  const fields: SettingsFieldView[] = [];
  let ctx: Awaited<ReturnType<typeof connectorContext>> | undefined;
  // Fields that share a source of choices (two templates of one list) ask the provider once.
  const asked = new Map<unknown, Promise<FieldChoice[]>>();
  for (const f of settingsFields(connector)) {
    const raw = settings[f.name];
    const view: SettingsFieldView = {
      name: f.name,
      label: f.label,
      type: f.type,
      help: f.help,
      placeholder: f.placeholder,
      value: f.type === "checkbox" ? Boolean(raw) : f.type === "map" ? ((raw ?? {}) as Record<string, string>) : Array.isArray(raw) ? raw.join(", ") : String(raw ?? ""),
      choices: f.choices,
      emptyChoice: f.emptyChoice,
    };
    // A key chosen before (a ticket type since renamed) stays listed, so it can be set back to the default.
    if (f.mapKeys) view.keys = [...new Set([...(await mapKeys(db, orgId, f.mapKeys)), ...Object.keys(view.value as Record<string, string>)])];
    const options = connector.fieldOptions?.[f.name];
    if (options && connected && row?.status === "connected") {
      try {
        ctx ??= await connectorContext(db, appKeyring(), connector, row);
        let pending = asked.get(options);
        if (!pending) asked.set(options, (pending = options(ctx)));
        view.choices = await pending;
      } catch (err) {
        log.warn({ connector: connector.id, err: (err as Error).message }, "could not load setting choices");
        view.choicesError = `Could not load the choices from ${connector.name}: ${(err as Error).message}`;
      }
    }
    fields.push(view);
  }
  return {
    status,
    connection: row
      ? {
          id: row.id,
          mode: row.mode,
          accountName: row.external_account_name,
          hint: row.credentials_hint,
          scopes: row.scopes,
          statusReason: row.status_reason,
          lastSuccessAt: row.last_success_at,
          lastErrorAt: row.last_error_at,
          lastError: row.last_error,
          tokenExpiresAt: row.token_expires_at,
          grantEndsAt: row.refresh_token_expires_at,
        }
      : null,
    credentialFields: credentialFieldViews(connector, row, connected),
    fields,
    templates: connected ? await templateViews(db, orgId, connector) : null,
    activity: row && connector.activity ? { title: connector.activity.title, figures: await connector.activity.load(db, { id: row.id, orgId: row.org_id }) } : null,
    health: row
      ? { breaker: await breakerStatus(db, row.id), stats: await callStats(db, row.id), calls: await recentCalls(db, row.id, 30, opts.log), log: opts.log ?? "all" }
      : null,
  };
}

export interface TemplateView {
  key: string;
  label: string;
  heading: string;
  initial: MessageTemplate;
  /** The {{placeholders}} this message may use. */
  placeholders: string[];
}

/** The messages an admin may edit, each as the organization has it now, with what the editor's preview needs. */
async function templateViews(db: Db, orgId: string, connector: Connector) {
  const templates = connector.templates;
  if (!templates) return null;
  const messages: TemplateView[] = [];
  for (const m of templates.messages) {
    messages.push({ key: m.key, label: m.label, heading: m.heading, initial: await templates.load(db, orgId, m.key), placeholders: [...(m.placeholders ?? templates.placeholders)] });
  }
  return { messages, placeholders: [...templates.placeholders], sampleVars: templates.sampleVars };
}

/** The outcome of an OAuth attempt this user started, shown once after the redirect back. */
export async function oauthOutcome(db: Db, orgId: string, userId: string, attempt: string | undefined) {
  if (!attempt) return undefined;
  return db
    .selectFrom("oauth_states")
    .select(["outcome", "outcome_message"])
    .where("state_hash", "=", attempt)
    .where("org_id", "=", orgId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}
