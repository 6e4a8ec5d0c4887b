// A revoked invitation's link says so. (An invitation sent, accepted and used is
// part of the new operator's path in onboarding.spec.ts.)
import { expect, test, type APIRequestContext } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { expectNoA11yViolations, OWNER_EMAIL, signIn, unique } from "./helpers";

interface InboxMail {
  subject: string | null;
  text: string | null;
  envelope: { to: string[] };
}

async function invitationLink(request: APIRequestContext, to: string): Promise<string> {
  let link = "";
  await expect
    .poll(
      async () => {
        const inbox = (await (await request.get(`${SANDBOX_URL}/_sandbox/inbox.json`, { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN } })).json()) as { smtp: { mails: InboxMail[] } };
        const mail = inbox.smtp.mails.find((m) => m.envelope.to.includes(to));
        link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/.exec(mail?.text ?? "")?.[0] ?? "";
        return link;
      },
      { timeout: 30_000, message: `the invitation mail to ${to}` },
    )
    .not.toBe("");
  return new URL(link).pathname;
}

test("a revoked invitation's link says it was withdrawn", async ({ page, browser, request }) => {
  const email = `revoked.${unique()}@example.test`;
  await signIn(page, OWNER_EMAIL);
  await page.goto("/settings/members");
  const form = page.getByRole("form", { name: "Invite a person" });
  await form.getByLabel("E-mail").fill(email);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toHaveText(`Invitation sent to ${email}.`);
  const path = await invitationLink(request, email);

  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("invitation-row").filter({ hasText: email }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("invitation-row").filter({ hasText: email })).toHaveCount(0);

  const stranger = await browser.newContext();
  try {
    const p = await stranger.newPage();
    await p.goto(path);
    await expect(p.getByRole("heading", { name: "This invitation was withdrawn" })).toBeVisible();
    await expect(p.getByTestId("invitation-state")).toContainText("to send you a new one");
    await expectNoA11yViolations(p);
  } finally {
    await stranger.close();
  }
});
