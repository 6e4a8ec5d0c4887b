import type { NextAuthOptions } from "next-auth";
import { db } from "@/lib/db/client";
import { httpsDeployment } from "@/lib/headers/security";
import { sameOriginRedirect } from "./callback-url";
import { claimedIdentity } from "./oauth-identity";
import { linkOAuthSignIn, linkedUserId } from "./oauth-link";
import { buildProviders } from "./providers";
import { sessionStillValid } from "./session-validity";

export const authOptions: NextAuthOptions = {
  providers: buildProviders(),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  // __Secure-/__Host- cookies with the Secure flag; middleware.ts reads the same names.
  useSecureCookies: httpsDeployment(),
  pages: { signIn: "/login", error: "/login" },
  callbacks: {
    redirect: sameOriginRedirect,
    async signIn({ account, profile }) {
      if (account?.provider === "credentials") return true;
      // OAuth sign-in admits only people an organization has already added, through an identity we can trust.
      const outcome = await linkOAuthSignIn(db(), claimedIdentity(account?.provider, profile));
      if ("userId" in outcome) return true;
      return `/login?${new URLSearchParams({ error: outcome.refused, provider: account?.provider ?? "" })}`;
    },
    async jwt({ token, user, account, profile }) {
      if (user && account) {
        const uid = account.provider === "credentials" ? user.id : await linkedUserId(db(), claimedIdentity(account.provider, profile));
        if (uid) token.uid = uid;
        token.signedInAt = Date.now();
        return token;
      }
      // A password reset ends the sessions begun before it: the token loses its user, so nobody is signed in.
      if (typeof token.uid === "string" && !(await sessionStillValid(db(), token.uid, token.signedInAt as number | undefined))) {
        delete token.uid;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
      return session;
    },
  },
};
