// Which sign-in methods exist: e-mail and password always; Google, GitHub and
// Microsoft when their client ids are configured, or through the sandbox when it is
// on (sign-in-sandbox.ts).
import type { Provider } from "next-auth/providers/index";
import AzureADProvider from "next-auth/providers/azure-ad";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { githubVerifiedPrimaryEmail, microsoftTenant } from "./oauth-identity";
import { withinSignInLimits } from "@/lib/rate-limit/sign-in";
import { githubUrls, googleWellKnown, microsoftWellKnown, signInApp, type SignInProviderId } from "./sign-in-sandbox";
import { authenticate } from "./users";

const credentials = z.object({ email: z.string().trim().min(1), password: z.string().min(1) });

export interface OAuthProviderInfo {
  id: string;
  name: string;
}

type Env = Record<string, string | undefined>;

export const OAUTH_PROVIDER_NAMES: Record<string, string> = { google: "Google", github: "GitHub", "azure-ad": "Microsoft" };

const ORDER: SignInProviderId[] = ["google", "github", "azure-ad"];

export function configuredOAuthProviders(env: Env = process.env): OAuthProviderInfo[] {
  return ORDER.filter((id) => signInApp(id, env)).map((id) => ({ id, name: OAUTH_PROVIDER_NAMES[id]! }));
}

// GitHub's profile e-mail is whatever the person chose to show; only /user/emails
// says which addresses GitHub verified, so sign-in always reads it.
async function githubEmails(api: string, accessToken: string | undefined): Promise<unknown[]> {
  const res = await fetch(`${api}/user/emails`, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/vnd.github+json", "User-Agent": "Switchboard" },
  });
  return res.ok ? ((await res.json()) as unknown[]) : [];
}

export function buildProviders(env: Env = process.env): Provider[] {
  const providers: Provider[] = [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        return withinSignInLimits(parsed.data.email, req?.headers, () => authenticate(db(), parsed.data.email, parsed.data.password));
      },
    }),
  ];
  const google = signInApp("google", env);
  if (google) {
    const options: Parameters<typeof GoogleProvider>[0] = { clientId: google.clientId, clientSecret: google.clientSecret };
    if (google.sandbox) options.wellKnown = googleWellKnown(google);
    providers.push(GoogleProvider(options));
  }
  const github = signInApp("github", env);
  if (github) {
    const urls = githubUrls(github);
    providers.push(
      GitHubProvider({
        clientId: github.clientId,
        clientSecret: github.clientSecret,
        ...(github.sandbox ? { authorization: { url: urls.authorize, params: { scope: "read:user user:email" } }, token: urls.token } : {}),
        userinfo: {
          url: `${urls.api}/user`,
          request: async ({ client, tokens }) => Object.assign(await client.userinfo(tokens.access_token!), { emails: await githubEmails(urls.api, tokens.access_token) }),
        },
        profile: (p) => ({ id: String(p.id), name: p.name ?? p.login, email: githubVerifiedPrimaryEmail(p), image: p.avatar_url }),
      }),
    );
  }
  const microsoft = signInApp("azure-ad", env);
  if (microsoft) {
    const tenantId = microsoftTenant(env);
    const options: Parameters<typeof AzureADProvider>[0] = { clientId: microsoft.clientId, clientSecret: microsoft.clientSecret, tenantId };
    if (microsoft.sandbox) {
      options.wellKnown = microsoftWellKnown(microsoft, tenantId);
      // The provider's own profile fetches a photo from graph.microsoft.com, which the sandbox does not stand in for.
      options.profile = (p) => ({ id: p.sub, name: typeof p.name === "string" ? p.name : null, email: p.email ?? null, image: null });
    }
    providers.push(AzureADProvider(options));
  }
  return providers;
}
