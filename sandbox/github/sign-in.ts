// "Sign in with GitHub": an OAuth app's web flow. /login/oauth/authorize shows the
// sandbox's account chooser and consent (the shared oauth/ screen and grant book:
// the code remembers its client, redirect_uri and PKCE challenge); the code is
// redeemed at /login/oauth/access_token (user-auth.ts) for a gho_ token, with which
// GET /user and GET /user/emails (api.ts) answer for that person. GitHub's OAuth
// endpoints are not in its REST description: these follow its documentation.
import type { Ctx } from "../core/context";
import { randomToken } from "../core/ids";
import { authorize } from "../oauth/authorize";
import { grantTokens } from "../oauth/grants";
import { GITHUB_STATE, type GithubEmail, type GithubUser, type SignInCode } from "./state";

/** Only the code book is used: a redeemed code becomes a user token in state.userTokens. */
export const GITHUB_SIGNIN_CODES = grantTokens({ accessToken: () => `gho_${randomToken(36)}`, refreshToken: () => `ghr_${randomToken(36)}` });

const notFound = { status: 404, title: "404 - page not found", detail: "The OAuth app was not found: check its client_id." };

export function handleAuthorize(ctx: Ctx): Promise<void> {
  return authorize<SignInCode>(ctx, {
    label: "github oauth.authorize",
    action: "/github/login/oauth/authorize",
    carried: ["allow_signup", "login"],
    book: (ctx) => GITHUB_STATE.of(ctx.rt),
    screen: (_ctx, app) => ({ title: `Authorize ${app.name}`, account: "" }),
    errorTitle: "GitHub: something went wrong",
    people: (ctx) =>
      [...GITHUB_STATE.of(ctx.rt).users.values()].map((u) => {
        const primary = u.emails?.find((e) => e.primary);
        return { id: u.login, label: `${u.login} (${u.name})${primary ? `, ${primary.email}${primary.verified ? "" : ", not verified"}` : ""}` };
      }),
    refuse: {
      unknownClient: () => notFound,
      redirectUri: () => ({ status: 400, title: "Redirect URI mismatch", detail: "The redirect_uri is not associated with this application." }),
      responseType: () => "The sandbox emulates the web application flow (response_type=code).",
      challengeMethod: () => ({ status: 400, title: "Invalid code_challenge_method", detail: "code_challenge_method must be S256." }),
    },
    // GitHub lists scopes separated by spaces or commas.
    requested: (scope) => [...new Set(scope.split(/[\s,]+/).filter(Boolean))],
    newCode: () => randomToken(20),
    code: (p) => ({ login: p.account! }),
  });
}

export function emailsOf(u: GithubUser): GithubEmail[] {
  return u.emails ?? [];
}

/** The profile's e-mail: the primary address, only when its owner made it public. */
export function publicEmail(u: GithubUser): string | null {
  const primary = emailsOf(u).find((e) => e.primary);
  return primary?.visibility === "public" ? primary.email : null;
}
