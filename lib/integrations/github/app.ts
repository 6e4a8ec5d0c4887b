// Who we are at GitHub and how a connection's calls are made. Our GitHub App's
// identity (id, private key, slug, webhook secret) belongs to the deployment, not
// to an organization: in live mode it comes from the environment; in sandbox mode
// from the sandbox's demo App, whose key the sandbox generates when it starts.
// @octokit/app mints installation tokens from the App's JWT and renews them
// before they lapse; REST goes through Octokit, pointed at the sandbox by its
// baseUrl option.
import { App } from "@octokit/app";
import { Octokit } from "@octokit/rest";
import { sandboxControlHeaders, sandboxUrl } from "../sandbox-url";
import type { GithubContext, GithubCredentials } from "./manifest";

export const GITHUB_API = "https://api.github.com";
const USER_AGENT = "Switchboard";
// Every call is logged once by the call policy (integration_calls); Octokit's own request log would say it again on the console.
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export interface AppIdentity {
  appId: string;
  privateKey: string;
  slug: string;
  webhookSecret: string;
}

export const isLive = (baseUrl: string) => new URL(baseUrl).hostname === new URL(GITHUB_API).hostname;

/** The App as configured in the environment; null when live mode has no App set up. */
export function liveAppIdentity(env: Record<string, string | undefined> = process.env): AppIdentity | null {
  const { GITHUB_APP_ID: appId, GITHUB_APP_PRIVATE_KEY: key, GITHUB_APP_SLUG: slug, GITHUB_WEBHOOK_SECRET: webhookSecret } = env;
  if (!appId || !key || !slug || !webhookSecret) return null;
  // A PEM in one environment line has its newlines written as \n.
  return { appId, privateKey: key.replace(/\\n/g, "\n"), slug, webhookSecret };
}

const sandboxIdentities = new Map<string, Promise<AppIdentity>>();

async function fetchSandboxIdentity(root: string): Promise<AppIdentity> {
  const res = await fetch(`${root}/_sandbox/github/app`, { headers: sandboxControlHeaders(), signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`The sandbox's GitHub App could not be read (${res.status})`);
  return (await res.json()) as AppIdentity;
}

/** The sandbox's demo App, read once per sandbox (a failed read is tried again next time). */
export function sandboxAppIdentity(): Promise<AppIdentity> {
  const root = sandboxUrl();
  let identity = sandboxIdentities.get(root);
  if (!identity) {
    identity = fetchSandboxIdentity(root).catch((err: unknown) => {
      sandboxIdentities.delete(root);
      throw err;
    });
    sandboxIdentities.set(root, identity);
  }
  return identity;
}

export async function appIdentity(baseUrl: string): Promise<AppIdentity> {
  if (!isLive(baseUrl)) return sandboxAppIdentity();
  const live = liveAppIdentity();
  if (!live) throw new Error("GitHub App installations in live mode need GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_SLUG and GITHUB_WEBHOOK_SECRET; see the README");
  return live;
}

/** The sandbox's demo App is always called this (the sandbox serves its install page under it). */
export const SANDBOX_APP_SLUG = "switchboard-sandbox";

/** The App's install page (github.com/apps/<slug>/installations/new), or the sandbox's emulation of it. */
export function installPageUrl(baseUrl: string): string {
  if (!isLive(baseUrl)) return `${baseUrl.replace(/\/$/, "")}/apps/${SANDBOX_APP_SLUG}/installations/new`;
  const slug = process.env.GITHUB_APP_SLUG;
  if (!slug) throw new Error("GITHUB_APP_SLUG is not set: the App's install page is unknown");
  return `https://github.com/apps/${encodeURIComponent(slug)}/installations/new`;
}

// One App and one installation client per process and key, so installation tokens are reused until @octokit/auth-app renews them.
const apps = new Map<string, App>();
const installations = new Map<string, Promise<Octokit>>();

export async function githubApp(baseUrl: string): Promise<App> {
  const identity = await appIdentity(baseUrl);
  const key = `${baseUrl}|${identity.appId}|${identity.privateKey.length}`;
  let app = apps.get(key);
  if (!app) {
    app = new App({ appId: identity.appId, privateKey: identity.privateKey, log: quiet, Octokit: Octokit.defaults({ baseUrl, userAgent: USER_AGENT, log: quiet }) });
    apps.set(key, app);
  }
  return app;
}

async function installationClient(baseUrl: string, installationId: number): Promise<Octokit> {
  const key = `${baseUrl}|${installationId}`;
  let client = installations.get(key);
  if (!client) {
    client = githubApp(baseUrl)
      .then((app) => app.getInstallationOctokit(installationId) as unknown as Promise<Octokit>)
      .catch((err: unknown) => {
        installations.delete(key);
        throw err;
      });
    installations.set(key, client);
  }
  return client;
}

/**
 * The person who installed, as a REST client: @octokit/app's OAuth side exchanges the
 * code GitHub sent with the installation (at github.com/login/oauth/access_token, or
 * the sandbox's, derived from baseUrl) for a user access token, held only by this client.
 */
export async function installerOctokit(baseUrl: string, client: { clientId: string; clientSecret: string }, code: string): Promise<Octokit> {
  const identity = await appIdentity(baseUrl);
  const app = new App({
    appId: identity.appId,
    privateKey: identity.privateKey,
    oauth: { clientId: client.clientId, clientSecret: client.clientSecret },
    log: quiet,
    Octokit: Octokit.defaults({ baseUrl, userAgent: USER_AGENT, log: quiet }),
  });
  return (await app.oauth.getUserOctokit({ code })) as unknown as Octokit;
}

/** The REST client a connection's calls go through: the installation's, or the personal access token's. */
export async function octokitFor(ctx: Pick<GithubContext, "baseUrl" | "credentials">): Promise<Octokit> {
  return clientFor(ctx.baseUrl, ctx.credentials);
}

export async function clientFor(baseUrl: string, credentials: GithubCredentials): Promise<Octokit> {
  if (credentials.connectedVia === "app") return installationClient(baseUrl, credentials.installationId);
  return new Octokit({ auth: credentials.token, baseUrl, userAgent: USER_AGENT, log: quiet });
}
