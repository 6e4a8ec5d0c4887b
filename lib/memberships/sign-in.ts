// "Member? Get your price": a one-time sign-in link by e-mail. The answer is the
// same whether or not the address belongs to a member (no account enumeration);
// only members get the mail. The link works once, for 30 minutes, and only its
// hash is stored.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { appUrl } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { buyerFields } from "@/lib/domain/buyer";
import { ValidationError } from "@/lib/domain/errors";
import type { Keyring } from "@/lib/vault";
import { memberPageUrl } from "./links";
import { queueMemberMail } from "./mail";

export const SIGN_IN_LINK_MINUTES = 30;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export const memberLinkInput = z.object({ email: buyerFields.email });

/** Where the link lands: a page of this app only (an event page), never another site. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/e\/[A-Za-z0-9_-]{1,120}$/.test(next) ? next : "/";
}

export const MEMBER_LINK_SENT = "If this address belongs to a member, a sign-in link is on its way. It works once, for 30 minutes.";

export async function requestMemberLink(db: Db, keyring: Keyring, org: { id: string; slug: string; name: string }, input: unknown, next: string): Promise<string> {
  const parsed = memberLinkInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const email = parsed.data.email;
  const member = await db
    .selectFrom("plan_memberships")
    .select(["id", "name"])
    .where("org_id", "=", org.id)
    .where("email", "=", email)
    .where("status", "in", ["active", "past_due"])
    .executeTakeFirst();
  if (!member) return MEMBER_LINK_SENT;
  const token = randomBytes(32).toString("base64url");
  await db.transaction().execute(async (tx) => {
    // Old links are dead weight: gone when a new one is asked for.
    await tx.deleteFrom("member_sign_in_links").where("org_id", "=", org.id).where("expires_at", "<", new Date()).execute();
    await tx
      .insertInto("member_sign_in_links")
      .values({ token_hash: hash(token), org_id: org.id, email, expires_at: new Date(Date.now() + SIGN_IN_LINK_MINUTES * 60_000) })
      .execute();
    const link = `${appUrl()}/m/${encodeURIComponent(org.slug)}/sign-in/${token}?next=${encodeURIComponent(safeNext(next))}`;
    await queueMemberMail(tx, org.id, "membership.sign_in_link", {
      to: email,
      subject: `${org.name}: your member sign-in link`,
      text: [
        `Hello ${member.name},`,
        ``,
        `open this link within ${SIGN_IN_LINK_MINUTES} minutes to see and pay member prices at ${org.name}:`,
        link,
        ``,
        `It works once. If you did not ask for it, ignore this e-mail.`,
        ``,
        `Your membership (state, renewal, card or cancelling): ${memberPageUrl(keyring, org.slug, member.id)}`,
      ].join("\n"),
      loggedText: `${member.name} asked for a member sign-in link; the e-mail carries it (valid once, for ${SIGN_IN_LINK_MINUTES} minutes).`,
    });
  });
  return MEMBER_LINK_SENT;
}

/** The e-mail the link was sent to, once; null for a used, expired or unknown link. */
export async function redeemMemberLink(db: Db, orgId: string, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await db
    .updateTable("member_sign_in_links")
    .set({ used_at: new Date() })
    .where("token_hash", "=", hash(token))
    .where("org_id", "=", orgId)
    .where("used_at", "is", null)
    .where("expires_at", ">", new Date())
    .returning("email")
    .executeTakeFirst();
  return row?.email ?? null;
}
