// GitHub under /github: the REST API (Octokit's baseUrl points here) and the demo
// App's install page (/github/apps/<slug>/installations/new) with the user
// authorization GitHub asks for during it (/github/login/oauth/access_token, as
// Octokit's OAuth methods derive it from a non-github.com baseUrl). Requests are checked
// against GitHub's OpenAPI description from the @octokit/openapi package (spec.ts),
// read on first use, not from ../shared/specs: hence no spec files declared here.
import { defineProvider } from "../core/provider-module";
import { record } from "../core/record";
import { handleApi } from "./api";
import { GITHUB_CONTROL } from "./control";
import { apiError, faultMessage } from "./errors";
import { githubInbox, githubSection } from "./inbox";
import { handleInstall } from "./install";
import { GITHUB_STATE } from "./state";
import { handleAccessToken } from "./user-auth";
import { handleAuthorize } from "./sign-in";

const CSS = `ul.people{margin:0;padding-left:16px}`;

export const githubModule = defineProvider({
  name: "github",
  state: GITHUB_STATE,
  specs: [],
  control: GITHUB_CONTROL,
  credentials: {
    revoke(state, token) {
      const tokens = token !== undefined ? [token] : [...state.installationTokens.keys()];
      for (const t of tokens) {
        state.revokedTokens.add(t);
        state.installationTokens.delete(t);
      }
      return tokens.length;
    },
  },
  inbox: {
    json: githubInbox,
    section: {
      anchor: "repositories",
      label: "Repositories",
      note: "GitHub",
      count: (state) => [...state.repos.values()].filter((r) => !r.isTemplate).length,
      render: (state) => githubSection(state),
      css: CSS,
      links: [["/_sandbox/github/app", "GitHub demo App (JSON)"]],
    },
  },
  async handle(ctx) {
    const install = ctx.subpath.match(/^\/apps\/([^/]+)\/installations\/new\/?$/);
    if (install && (ctx.method === "GET" || ctx.method === "POST")) return handleInstall(ctx, install[1]!);
    if (ctx.subpath === "/login/oauth/access_token" && ctx.method === "POST") return handleAccessToken(ctx);
    if (ctx.subpath === "/login/oauth/authorize" && (ctx.method === "GET" || ctx.method === "POST")) return handleAuthorize(ctx);
    if (ctx.subpath.startsWith("/apps/") && !ctx.subpath.startsWith("/app/")) {
      record(ctx, null);
      return apiError(ctx, 404, "Not Found");
    }
    return handleApi(ctx);
  },
  fail(ctx, status, retryAfterSeconds) {
    const headers: Record<string, string> = retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {};
    if (status === 429) Object.assign(headers, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + (retryAfterSeconds ?? 60)) });
    apiError(ctx, status, faultMessage(status), {}, headers);
  },
});
