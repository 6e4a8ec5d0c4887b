// `npm run org:create`: an operator creates an organization and its owner where
// open sign-up is off. The owner gets a link to choose their password, e-mailed
// through the platform mailer, or handed to the operator to pass on when no
// mailer is configured or it fails.
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { ValidationError } from "@/lib/domain/errors";
import type { MailerConfig } from "@/lib/mailer/config";
import { sendPlatformMail } from "@/lib/mailer/send";
import { classifyMailError, MailSendError } from "@/lib/mailer/errors";
import { accountLink, composeAccountMail } from "./mail";
import { createOrganizationWithOwner } from "./organizations";
import { accountFields } from "./rules";
import { issueToken } from "./tokens";

export const operatorOrgInput = z.object({
  name: accountFields.orgName,
  owner: accountFields.email,
  ownerName: z.string().trim().max(200, "Keep the owner's name under 200 characters").optional(),
});

export type OwnerLink = { mailedTo: string } | { link: string; mailError?: string };

export interface OperatorOrg {
  orgId: string;
  slug: string;
  /** How the owner gets their set-password link. */
  owner: OwnerLink;
}

/** Throws ValidationError for bad input and EmailTakenError when the owner's address already has an account. */
export async function createOrganizationForOperator(db: Db, input: unknown, mailer: MailerConfig | undefined): Promise<OperatorOrg> {
  const parsed = operatorOrgInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const v = parsed.data;
  const org = await db.transaction().execute((tx) => createOrganizationWithOwner(tx, v.name, { email: v.owner, name: v.ownerName || null, password: null, emailVerifiedAt: null }));
  if (!mailer) return { orgId: org.orgId, slug: org.slug, owner: { link: accountLink("set_password", await issueToken(db, org.userId, "set_password")) } };
  const mail = await composeAccountMail(db, "set_password", { id: org.userId, name: v.ownerName || null, orgName: v.name });
  try {
    await sendPlatformMail(mailer, { to: [v.owner], subject: mail.subject, text: mail.text });
    return { orgId: org.orgId, slug: org.slug, owner: { mailedTo: v.owner } };
  } catch (err) {
    // The organization exists either way: a fresh link for the operator to pass on, since the mailed one may never arrive.
    return { orgId: org.orgId, slug: org.slug, owner: { link: accountLink("set_password", await issueToken(db, org.userId, "set_password")), mailError: err instanceof MailSendError ? err.failure.message : classifyMailError(err).message } };
  }
}
