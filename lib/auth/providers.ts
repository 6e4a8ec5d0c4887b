// Which sign-in methods exist: e-mail and password always; Google, GitHub and
// Microsoft when their client ids are configured.
import type { Provider } from "next-auth/providers/index";
import AzureADProvider from "next-auth/providers/azure-ad";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { githubVerifiedPrimaryEmail, microsoftTenant } from "./oauth-identity";
import { withinSignInLimits } from "@/lib/rate-limit/sign-in";
import { authenticate } from "./users";

const credentials = z.object({ email: z.string().trim().min(1), password: z.string().min(1) });

export interface OAuthProviderInfo {
  id: string;
  name: string;
}

type Env = Record<string, string | undefined>;

export const OAUTH_PROVIDER_NAMES: Record<string, string> = { google: "Google", github: "GitHub", "azure-ad": "Microsoft" };

export function configuredOAuthProviders(env: Env = process.env): OAuthProviderInfo[] {
  const list: OAuthProviderInfo[] = [];
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) list.push({ id: "google", name: OAUTH_PROVIDER_NAMES.google! });
  if (env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET) list.push({ id: "github", name: OAUTH_PROVIDER_NAMES.github! });
  if (env.MICROSOFT_CLIENT_ID && env.MICROSOFT_CLIENT_SECRET) list.push({ id: "azure-ad", name: OAUTH_PROVIDER_NAMES["azure-ad"]! });
  return list;
}

// GitHub's profile e-mail is whatever the person chose to show; only /user/emails
// says which addresses GitHub verified, so sign-in always reads it.
async function githubEmails(accessToken: string | undefined): Promise<unknown[]> {
  const res = await fetch("https://api.github.com/user/emails", {
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
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  }
  if (env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET) {
    providers.push(
      GitHubProvider({
        clientId: env.GITHUB_CLIENT_ID,
        clientSecret: env.GITHUB_CLIENT_SECRET,
        userinfo: {
          url: "https://api.github.com/user",
          request: async ({ client, tokens }) => Object.assign(await client.userinfo(tokens.access_token!), { emails: await githubEmails(tokens.access_token) }),
        },
        profile: (p) => ({ id: String(p.id), name: p.name ?? p.login, email: githubVerifiedPrimaryEmail(p), image: p.avatar_url }),
      }),
    );
  }
  if (env.MICROSOFT_CLIENT_ID && env.MICROSOFT_CLIENT_SECRET) {
    providers.push(
      AzureADProvider({
        clientId: env.MICROSOFT_CLIENT_ID,
        clientSecret: env.MICROSOFT_CLIENT_SECRET,
        tenantId: microsoftTenant(env),
      }),
    );
  }
  return providers;
}
