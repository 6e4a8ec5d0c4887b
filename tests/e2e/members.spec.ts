// An owner invites an admin; the invitation arrives through the platform mailer in
// the sandbox's inbox; the admin opens the link, sets a name and password, is
// signed in and works in the organization; the used link and a revoked one say so.
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

test("an owner invites an admin, who accepts, sets a password, signs in and works in the organization", async ({ page, browser, request }) => {
  const email = `new.admin.${unique()}@example.test`;
  const password = "a long e2e password";

  await test.step("the owner invites by e-mail with a role", async () => {
    await signIn(page, OWNER_EMAIL);
    await page.goto("/settings");
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Members", exact: true })).toBeVisible();
    await expect(page.getByRole("table", { name: "People" }).getByTestId("member-row").filter({ hasText: OWNER_EMAIL })).toContainText("Owner");

    const form = page.getByRole("form", { name: "Invite a person" });
    await form.getByLabel("E-mail").fill("not an address");
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(form.getByRole("alert").filter({ hasText: "Enter a valid e-mail address" })).toBeVisible();

    await form.getByLabel("E-mail").fill(email);
    await form.getByLabel("Role").selectOption({ label: "Admin" });
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(form.getByRole("status")).toHaveText(`Invitation sent to ${email}.`);
    await expect(page.getByTestId("invitation-row").filter({ hasText: email })).toContainText("Admin");
    await expectNoA11yViolations(page);
  });

  const path = await test.step("the invitation arrives in the sandbox inbox", async () => {
    const found = await invitationLink(request, email);
    const inbox = await page.context().newPage();
    await inbox.goto(`${SANDBOX_URL}/#platform-mail`);
    await expect(inbox.getByText("invited you to Demo Events on Switchboard").first()).toBeVisible();
    await inbox.close();
    return found;
  });

  const invitee = await browser.newContext();
  try {
    const p = await invitee.newPage();
    await test.step("the invitee opens the link, sets a name and password, and is signed in", async () => {
      await p.goto(path);
      await expect(p.getByRole("heading", { name: "Join Demo Events" })).toBeVisible();
      await expect(p.getByText(`invited ${email} to Demo Events on Switchboard as admin`)).toBeVisible();
      await expectNoA11yViolations(p);
      const form = p.getByRole("form", { name: "Create your account" });
      await expect(form.getByLabel("E-mail")).toHaveValue(email);
      await form.getByLabel("Your name").fill("Nadia Newadmin");
      await form.getByLabel("Password").fill("short");
      await form.getByRole("button", { name: "Create account and join" }).click();
      await expect(form.getByRole("alert").filter({ hasText: "at least 10 characters" })).toBeVisible();
      await form.getByLabel("Password").fill(password);
      await form.getByRole("button", { name: "Create account and join" }).click();
      await p.waitForURL(/\/events$/);
      await expect(p.getByRole("banner")).toContainText("Demo Events");
      await expect(p.getByRole("banner")).toContainText(`${email} · admin`);
    });

    await test.step("the used link says so", async () => {
      await p.goto(path);
      await expect(p.getByRole("heading", { name: "This invitation has been used" })).toBeVisible();
    });

    await test.step("signed out, the admin signs in with the new password and reaches the settings", async () => {
      await invitee.clearCookies();
      await signIn(p, email, password);
      await expect(p.getByRole("banner")).toContainText("Demo Events");
      await p.goto("/settings/members");
      await expect(p.getByRole("heading", { name: "Members", exact: true })).toBeVisible();
    });
  } finally {
    await invitee.close();
  }

  await test.step("the owner sees the new admin among the people and the change in the activity log", async () => {
    await page.goto("/settings/members");
    await expect(page.getByTestId("member-row").filter({ hasText: email })).toContainText("Nadia Newadmin");
    await expect(page.getByTestId("invitation-row").filter({ hasText: email })).toHaveCount(0);
    await page.goto("/settings/activity");
    await expect(page.getByTestId("activity-row").filter({ hasText: `Nadia Newadmin <${email}> accepted the invitation and joined as admin.` })).toBeVisible();
  });
});

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
