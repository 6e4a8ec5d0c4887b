import type { NextAuthOptions } from "next-auth";
import { db } from "@/lib/db/client";
import { sameOriginRedirect } from "./callback-url";
import { buildProviders } from "./providers";
import { findUserByEmail } from "./users";

export const authOptions: NextAuthOptions = {
  providers: buildProviders(),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  callbacks: {
    redirect: sameOriginRedirect,
    async signIn({ user, account }) {
      if (account?.provider === "credentials") return true;
      // OAuth sign-in admits only people an organization has already added.
      if (!user.email) return "/login?error=NoEmail";
      const existing = await findUserByEmail(db(), user.email);
      return existing ? true : "/login?error=NotInvited";
    },
    async jwt({ token, user, account }) {
      if (user && account) {
        const known = account.provider === "credentials" ? { id: user.id } : await findUserByEmail(db(), user.email!);
        if (known) token.uid = known.id;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
      return session;
    },
  },
};
