// Which account an OAuth sign-in opens, if any. The rule (README, Security):
// - a provider-vouched e-mail names an existing account (nobody is created), and
//   proves the address: an unconfirmed account loses the password its maker chose;
// - every identity that signs in is recorded under its stable key
//   (provider, tenant, subject), and one recorded for an account never opens another;
// - where the e-mail is only a directory's say-so (pinnedToFirstLink), the first link
//   also needs the provider's proof, the account may have one such identity, and
//   afterwards only that identity signs in, whatever e-mail it then carries.
import { sql } from "kysely";
import type { DbOrTx, Db } from "@/lib/db/client";
import type { ClaimedIdentity } from "./oauth-identity";
import { claimUnconfirmedAccount } from "./unconfirmed-account";

export type LinkRefusal =
  | "NoIdentity"
  | "NoEmail"
  | "EmailNotVerified"
  | "FirstLinkUnproven"
  | "NotInvited"
  | "IdentityLinkedElsewhere"
  | "AnotherIdentityLinked"
  | "TenantNotAllowed";

export type LinkOutcome = { userId: string } | { refused: LinkRefusal };

function byKey(db: DbOrTx, c: ClaimedIdentity) {
  return db
    .selectFrom("oauth_identities")
    .select(["id", "user_id"])
    .where("provider", "=", c.provider)
    .where("tenant", "=", c.tenant)
    .where("subject", "=", c.subject);
}

export async function linkOAuthSignIn(db: Db, claimed: ClaimedIdentity | null): Promise<LinkOutcome> {
  if (!claimed) return { refused: "NoIdentity" };
  if (claimed.refusal) return { refused: "TenantNotAllowed" };
  return db.transaction().execute(async (tx): Promise<LinkOutcome> => {
    const recorded = await byKey(tx, claimed).executeTakeFirst();
    if (claimed.pinnedToFirstLink && recorded) {
      await touch(tx, recorded.id, claimed.email);
      return { userId: recorded.user_id };
    }
    if (!claimed.email) return { refused: "NoEmail" };
    if (!claimed.emailVouched) return { refused: claimed.pinnedToFirstLink ? "FirstLinkUnproven" : "EmailNotVerified" };

    // Locking the account serialises concurrent first links to it.
    const user = await tx
      .selectFrom("users")
      .select("id")
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", claimed.email!.trim().toLowerCase()))
      .forUpdate()
      .executeTakeFirst();
    if (!user) return { refused: "NotInvited" };
    if (recorded && recorded.user_id !== user.id) return { refused: "IdentityLinkedElsewhere" };
    if (claimed.pinnedToFirstLink) {
      const other = await tx.selectFrom("oauth_identities").select("id").where("user_id", "=", user.id).where("provider", "=", claimed.provider).executeTakeFirst();
      if (other) return { refused: "AnotherIdentityLinked" };
    }
    await tx
      .insertInto("oauth_identities")
      .values({ user_id: user.id, provider: claimed.provider, tenant: claimed.tenant, subject: claimed.subject, email: claimed.email })
      .onConflict((oc) => oc.columns(["provider", "tenant", "subject"]).doUpdateSet({ email: claimed.email, last_sign_in_at: sql`now()` }))
      .execute();
    // The provider just proved the address: an account made with it by someone who never did is now this person's.
    await claimUnconfirmedAccount(tx, user.id, new Date());
    return { userId: user.id };
  });
}

async function touch(db: DbOrTx, id: string, email: string | null) {
  await db
    .updateTable("oauth_identities")
    .set({ last_sign_in_at: sql`now()`, ...(email ? { email } : {}) })
    .where("id", "=", id)
    .execute();
}

/** The account a just-linked identity signs in to (the session's user id). */
export async function linkedUserId(db: Db, claimed: ClaimedIdentity | null): Promise<string | null> {
  if (!claimed) return null;
  return (await byKey(db, claimed).executeTakeFirst())?.user_id ?? null;
}
