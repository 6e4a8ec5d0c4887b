// Shared by the sandbox tests: a sandbox per file, and the clicks a person makes on
// its consent screens.
import { auth } from "googleapis/build/src/apis/calendar";
import { CONTROL_TOKEN_HEADER } from "../../sandbox/control/token";
import { startSandbox, type Sandbox } from "../../sandbox/server";

export const APP = { clientId: "switchboard-sandbox", clientSecret: "sandbox-client-secret" };
export const REDIRECT_URI = "http://localhost:3000/api/integrations/oauth/callback";

export function startTestSandbox(): Promise<Sandbox> {
  return startSandbox({ port: 0, requireSpecs: true, log: () => {} });
}

export async function control<T = Record<string, unknown>>(sb: Sandbox, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${sb.url}/_sandbox/${path}`, {
    method,
    headers: { [CONTROL_TOKEN_HEADER]: sb.controlToken, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export async function resetSandbox(sb: Sandbox): Promise<void> {
  const res = await control(sb, "POST", "reset");
  if (res.status !== 200) throw new Error("reset failed");
}

export async function mintToken(sb: Sandbox, provider: "slack" | "google-calendar", scopes?: string[]): Promise<{ access_token: string; refresh_token?: string; scope: string }> {
  const res = await control<{ access_token: string; refresh_token?: string; scope: string }>(sb, "POST", "tokens", { provider, ...(scopes ? { scopes } : {}) });
  if (res.status !== 201) throw new Error(`mint failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

export function googleOAuthClient(sb: Sandbox) {
  return new auth.OAuth2({
    clientId: APP.clientId,
    clientSecret: APP.clientSecret,
    redirectUri: REDIRECT_URI,
    endpoints: {
      oauth2AuthBaseUrl: `${sb.url}/google-calendar/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${sb.url}/google-calendar/token`,
      oauth2RevokeUrl: `${sb.url}/google-calendar/revoke`,
      tokenInfoUrl: `${sb.url}/google-calendar/tokeninfo`,
    },
  });
}

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export interface ConsentForm {
  status: number;
  html: string;
  action: string;
  hidden: Record<string, string>;
  scopes: string[];
}

/** Opens a consent screen and reads its form as a browser would. */
export async function openConsent(sb: Sandbox, authorizeUrl: string): Promise<ConsentForm> {
  const res = await fetch(authorizeUrl);
  const html = await res.text();
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[unescapeHtml(m[1]!)] = unescapeHtml(m[2]!);
  const scopes = [...html.matchAll(/<input type="checkbox" name="scope" value="([^"]*)" checked>/g)].map((m) => unescapeHtml(m[1]!));
  const action = unescapeHtml(html.match(/<form method="post" action="([^"]+)"/)?.[1] ?? "");
  return { status: res.status, html, action: action ? `${sb.url}${action}` : "", hidden, scopes };
}

/** Submits the consent form with the given scopes still ticked; returns where the browser is sent. */
export async function decide(form: ConsentForm, decision: "allow" | "deny", keep: string[] = form.scopes): Promise<URL> {
  const body = new URLSearchParams(form.hidden);
  for (const s of keep) body.append("scope", s);
  body.set("decision", decision);
  const res = await fetch(form.action, { method: "POST", body, redirect: "manual" });
  if (res.status !== 302) throw new Error(`expected a redirect, got ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get("location")!);
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  operation: string | null;
  validation: { checked: boolean; issues: Array<{ path: string; message: string; rule: string }>; notes: string[] };
  status: number | null;
  fault: string | null;
}

export async function requestsOf(sb: Sandbox, provider: string): Promise<LoggedRequest[]> {
  return (await control<{ requests: LoggedRequest[] }>(sb, "GET", `requests?provider=${provider}`)).body.requests;
}

/** Polls a synchronous probe (what a receiver has recorded) until it holds. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
