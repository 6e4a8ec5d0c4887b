// Where each sign-in provider lives: at the provider itself when the operator
// configured their own OAuth app, or, with the sandbox on, in the sandbox's
// emulation of it, opened with the sandbox's public OAuth app, so the demo and the
// end-to-end tests sign in with Google, GitHub and Microsoft without any account.
// Every URL goes through next-auth's own provider options (wellKnown,
// authorization, token, userinfo); nothing else changes between the two.
import { sandboxEnabled, sandboxUrl } from "@/lib/config";

type Env = Record<string, string | undefined>;

export type SignInProviderId = "google" | "github" | "azure-ad";

/** The sandbox's OAuth app: public on purpose, it opens only the local emulator (sandbox/oauth/apps.ts). */
const SANDBOX_APP = { clientId: "switchboard-sandbox", clientSecret: "sandbox-client-secret" };

const CREDENTIALS: Record<SignInProviderId, [string, string]> = {
  google: ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
  github: ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"],
  "azure-ad": ["MICROSOFT_CLIENT_ID", "MICROSOFT_CLIENT_SECRET"],
};

export interface SignInApp {
  clientId: string;
  clientSecret: string;
  /** The sandbox's base URL when this provider is its emulation; null for the real provider. */
  sandbox: string | null;
}

/** The OAuth app a provider signs in with, or null when it is not offered. */
export function signInApp(id: SignInProviderId, env: Env = process.env): SignInApp | null {
  const [idVar, secretVar] = CREDENTIALS[id];
  const clientId = env[idVar];
  const clientSecret = env[secretVar];
  if (clientId && clientSecret) return { clientId, clientSecret, sandbox: null };
  return sandboxEnabled(env) ? { ...SANDBOX_APP, sandbox: sandboxUrl(env) } : null;
}

/** The sandbox's GitHub: the web flow on its github.com, the REST API on its api.github.com. */
export function githubUrls(app: SignInApp): { authorize: string; token: string; api: string } {
  if (!app.sandbox) return { authorize: "https://github.com/login/oauth/authorize", token: "https://github.com/login/oauth/access_token", api: "https://api.github.com" };
  const base = `${app.sandbox}/github`;
  return { authorize: `${base}/login/oauth/authorize`, token: `${base}/login/oauth/access_token`, api: base };
}

/** Google's discovery document, in the sandbox under its Google module. */
export function googleWellKnown(app: SignInApp): string | undefined {
  return app.sandbox ? `${app.sandbox}/google-calendar/.well-known/openid-configuration` : undefined;
}

/** The identity platform's v2.0 discovery for a tenant, as next-auth's provider builds it for login.microsoftonline.com. */
export function microsoftWellKnown(app: SignInApp, tenant: string): string | undefined {
  return app.sandbox ? `${app.sandbox}/microsoft365/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration?appid=${encodeURIComponent(app.clientId)}` : undefined;
}
