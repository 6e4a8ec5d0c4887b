// The first mail of a membership: it has started, and here is the member's own
// page (state, renewal, "Manage card or cancel"). Sent to the address the
// membership was taken out for, so the page, and the payment portal behind it,
// reaches whoever reads that inbox even when the browser that paid was not shown it.
import type { Tx } from "@/lib/db/client";
import type { PlanMembershipRow } from "@/lib/db/schema";
import type { Keyring } from "@/lib/vault";
import { memberPageUrl } from "./links";
import { queueMemberMail } from "./mail";

export async function queueWelcomeMail(tx: Tx, keyring: Keyring, m: PlanMembershipRow): Promise<void> {
  const [plan, org] = await Promise.all([
    tx.selectFrom("membership_plans").select("name").where("id", "=", m.plan_id).executeTakeFirstOrThrow(),
    tx.selectFrom("organizations").select(["name", "slug"]).where("id", "=", m.org_id).executeTakeFirstOrThrow(),
  ]);
  await queueMemberMail(tx, m.org_id, "membership.welcome", {
    to: m.email,
    subject: `${org.name}: welcome to ${plan.name}`,
    text: [
      `Hello ${m.name},`,
      ``,
      `your ${plan.name} membership at ${org.name} has started. Your membership page shows its state and renewal date; there you can change your card or cancel:`,
      memberPageUrl(keyring, org.slug, m.id),
      ``,
      `Keep this link to yourself: it opens your membership.`,
    ].join("\n"),
    loggedText: `${m.name}'s ${plan.name} membership has started; the e-mail carries the link to their membership page.`,
  });
}
