// Installing our GitHub App, offered beside the personal access token the way
// Stripe Connect is offered beside keys: "Install on GitHub" opens the App's
// install page with our state. The App asks for user authorization during
// installation, so GitHub sends the person back to the App's callback URL (our
// OAuth callback) with installation_id, setup_action and a one-time code. Our state
// proves our admin started the flow, but GitHub's callback can be called with any
// installation_id; so the code is exchanged for the installer's user access token
// (used for this one check, never stored) and the installation must be among those
// GitHub lists for that person (GET /user/installations): an admin cannot link
// somebody else's organization. The installation is then read with the App's own
// JWT and the connection linked to it, which is what GitHub's webhooks name; one
// already linked to another organization is refused by the generic callback.
import { AuthorizationRefused, type CallFn, type OAuthFlow } from "../contract";
import { githubApp, installerOctokit, installPageUrl } from "./app";
import type { GithubAppCredentials } from "./manifest";

/** Whether GitHub lists the installation among those the person who holds `code` may administer. */
async function installerAdministers(input: { baseUrl: string; client: { clientId: string; clientSecret: string }; code: string; call: CallFn }, installationId: number): Promise<boolean> {
  const user = await input.call("oauth.createToken", () => installerOctokit(input.baseUrl, input.client, input.code));
  const installations = await input.call("apps.listInstallationsForAuthenticatedUser", (signal) =>
    user.paginate(user.rest.apps.listInstallationsForAuthenticatedUser, { per_page: 100, request: { signal } }),
  );
  return installations.some((i) => i.id === installationId);
}

export const githubInstall: OAuthFlow = {
  authorizeUrl: (baseUrl) => installPageUrl(baseUrl),
  // The App's identity is the deployment's; a live client is configured when the environment names the App and its OAuth credentials.
  liveClient: (env) =>
    env.GITHUB_APP_ID && env.GITHUB_APP_PRIVATE_KEY && env.GITHUB_APP_SLUG && env.GITHUB_WEBHOOK_SECRET && env.GITHUB_APP_CLIENT_ID && env.GITHUB_APP_CLIENT_SECRET
      ? { clientId: env.GITHUB_APP_CLIENT_ID, clientSecret: env.GITHUB_APP_CLIENT_SECRET }
      : null,
  async exchange({ code, query, baseUrl, client, call }) {
    const installationId = Number(query.installation_id);
    if (!Number.isSafeInteger(installationId) || installationId <= 0) throw new AuthorizationRefused("GitHub sent no installation id; install the App again.");
    if (query.setup_action === "request") throw new AuthorizationRefused("The installation waits for an organization owner's approval on GitHub; connect again once it is approved.");
    if (!code) {
      throw new AuthorizationRefused(
        "GitHub sent no authorization code with the installation, so Switchboard cannot tell who installed it. The App must have “Request user authorization (OAuth) during installation” turned on (see the README); then install again.",
      );
    }
    if (!(await installerAdministers({ baseUrl, client, code, call }, installationId))) {
      throw new AuthorizationRefused(`The installation ${installationId} is not one you can administer on GitHub; install the App from your own GitHub account.`);
    }
    const app = await githubApp(baseUrl);
    const { data } = await call("apps.getInstallation", (signal) => app.octokit.request("GET /app/installations/{installation_id}", { installation_id: installationId, request: { signal } }));
    const account = data.account as { login?: string; slug?: string; type?: string } | null;
    const login = account?.login ?? account?.slug;
    if (!login) throw new AuthorizationRefused("The installation names no account; install the App again.");
    if (data.suspended_at) throw new AuthorizationRefused(`The installation on ${login} is suspended; unsuspend it in the organization's GitHub settings.`);
    const credentials: GithubAppCredentials = { organization: login, installationId, connectedVia: "app" };
    return { tokens: { accessToken: "", scopes: [] }, account: { id: String(installationId), name: login }, credentials };
  },
};
