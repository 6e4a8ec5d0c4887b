// Installing our GitHub App, offered beside the personal access token the way
// Stripe Connect is offered beside keys: "Install on GitHub" opens the App's
// install page with our state; GitHub sends the person back to the App's setup URL
// (our OAuth callback) with installation_id and setup_action. The installation is
// then read with the App's own JWT (an id that is not one of our App's
// installations fails here) and the connection is linked to it, which is what
// GitHub's webhooks name. The state proves our admin started the flow; it does not
// prove that admin installed that installation (GitHub's setup URL can be called
// with any id): an installation already linked to another organization is refused
// by the generic callback, and the README says what remains.
import type { OAuthFlow } from "../contract";
import { githubApp, installPageUrl } from "./app";
import type { GithubAppCredentials } from "./manifest";

export const githubInstall: OAuthFlow = {
  authorizeUrl: (baseUrl) => installPageUrl(baseUrl),
  // The App's identity is the deployment's; a live client is "configured" when the environment names the App.
  liveClient: (env) => (env.GITHUB_APP_ID && env.GITHUB_APP_PRIVATE_KEY && env.GITHUB_APP_SLUG && env.GITHUB_WEBHOOK_SECRET ? { clientId: env.GITHUB_APP_SLUG, clientSecret: "" } : null),
  async exchange({ query, baseUrl, call }) {
    const installationId = Number(query.installation_id);
    if (!Number.isSafeInteger(installationId) || installationId <= 0) throw new Error("GitHub sent no installation id; install the App again");
    if (query.setup_action === "request") throw new Error("The installation waits for an organization owner's approval on GitHub; connect again once it is approved");
    const app = await githubApp(baseUrl);
    const { data } = await call("apps.getInstallation", (signal) => app.octokit.request("GET /app/installations/{installation_id}", { installation_id: installationId, request: { signal } }));
    const account = data.account as { login?: string; slug?: string; type?: string } | null;
    const login = account?.login ?? account?.slug;
    if (!login) throw new Error("The installation names no account");
    if (data.suspended_at) throw new Error(`The installation on ${login} is suspended; unsuspend it in the organization's GitHub settings`);
    const credentials: GithubAppCredentials = { organization: login, installationId, connectedVia: "app" };
    return { tokens: { accessToken: "", scopes: [] }, account: { id: String(installationId), name: login }, credentials };
  },
};
