// A new operator signs up on the sign-in page's link, is told to confirm the
// address before signing in, opens the link from the e-mail in the sandbox's
// inbox, signs in to the new organization and creates its first event. Then
// invites an admin, whose invitation arrives through the platform mailer in the
// sandbox's inbox; the admin opens the link, sets a name and password, is signed
// in and sees the organization's event. Last, the operator forgets the password:
// resets it from the e-mailed link in another browser, and the session begun
// before the reset ends.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { SANDBOX_URL } from "../../playwright.config";
import { createEvent, expectNoA11yViolations, keepScreenshot, signIn, unique } from "./helpers";

interface InboxMail {
  subject: string | null;
  envelope: { to: string[] };
  text: string | null;
}

async function mailLink(request: APIRequestContext, to: string, subject: string, path: string): Promise<string> {
  const matching = async () => {
    const inbox = (await (await request.get(`${SANDBOX_URL}/_sandbox/inbox.json`)).json()) as { smtp: { mails: InboxMail[] } };
    return inbox.smtp.mails.filter((m) => m.envelope.to.includes(to) && m.subject === subject);
  };
  await expect.poll(async () => (await matching()).length, { timeout: 30_000 }).toBe(1);
  return new RegExp(`http\\S+${path}/[A-Za-z0-9_-]{43}`).exec((await matching())[0]!.text ?? "")![0];
}

test("a new operator signs up, confirms the e-mail from the sandbox inbox, creates an event, invites an admin who accepts and signs in, and later resets the password", async ({ page, request, browser, baseURL }) => {
  test.setTimeout(180_000);
  const id = unique();
  const email = `new.operator.${id}@example.com`;
  const password = `fake-password-${id}`;
  const orgName = `Night Owls ${id}`;

  await test.step("signs up from the sign-in page", async () => {
    await page.goto("/login");
    await page.getByRole("link", { name: "Create an organization" }).click();
    await page.waitForURL(/\/signup$/);
    const form = page.getByRole("form", { name: "Sign up" });
    await form.getByLabel("Organization name").fill(orgName);
    await form.getByLabel("Your name").fill("Nora Operator");
    await form.getByLabel("Your work e-mail").fill(email);
    await form.getByLabel("Password").fill("short");
    await form.getByRole("button", { name: "Create organization" }).click();
    // A refusal keeps what was typed and says which field.
    await expect(form.getByText("Use at least 10 characters")).toBeVisible();
    await expect(form.getByLabel("Organization name")).toHaveValue(orgName);
    await expectNoA11yViolations(page);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByRole("status")).toContainText(`we sent a link to ${email}`);
    await keepScreenshot(page, "signup-sent.png", { fullPage: true });
  });

  await test.step("cannot sign in before confirming, and is told why", async () => {
    await page.goto("/login");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Confirm your e-mail address first" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Send me a new link" })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  let link = "";
  await test.step("the confirmation e-mail is in the sandbox inbox", async () => {
    link = await mailLink(request, email, "Confirm your e-mail address for Switchboard", "/verify-email");
    const inbox = await page.context().newPage();
    await inbox.goto(`${SANDBOX_URL}/?only=platform-mail`);
    await expect(inbox.getByText(link).first()).toBeVisible();
    await keepScreenshot(inbox, "sandbox-confirmation-mail.png", { fullPage: true });
    await inbox.close();
  });

  await test.step("opens the link and confirms the address", async () => {
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Confirm your e-mail address" })).toBeVisible();
    await expectNoA11yViolations(page);
    await page.getByRole("button", { name: "Confirm my e-mail address" }).click();
    await expect(page.getByRole("status")).toHaveText("Your e-mail address is confirmed.");
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/login/);
  });

  const eventTitle = `First Night ${id}`;
  await test.step("signs in to the new organization and creates its first event", async () => {
    await signIn(page, email, password);
    await createEvent(page, { title: eventTitle });
  });

  const adminEmail = `new.admin.${id}@example.test`;
  const adminPassword = "a long e2e password";
  await test.step("invites an admin by e-mail from Settings → Members", async () => {
    await page.goto("/settings");
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Members", exact: true })).toBeVisible();
    await expect(page.getByRole("table", { name: "People" }).getByTestId("member-row").filter({ hasText: email })).toContainText("Owner");

    const form = page.getByRole("form", { name: "Invite a person" });
    await form.getByLabel("E-mail").fill("not an address");
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(form.getByRole("alert").filter({ hasText: "Enter a valid e-mail address" })).toBeVisible();

    await form.getByLabel("E-mail").fill(adminEmail);
    await form.getByLabel("Role").selectOption({ label: "Admin" });
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(form.getByRole("status")).toHaveText(`Invitation sent to ${adminEmail}.`);
    await expect(page.getByTestId("invitation-row").filter({ hasText: adminEmail })).toContainText("Admin");
    await expectNoA11yViolations(page);
  });

  const invitePath = await test.step("the invitation arrives in the sandbox inbox", async () => {
    const found = await mailLink(request, adminEmail, `Nora Operator invited you to ${orgName} on Switchboard`, "/invite");
    const inbox = await page.context().newPage();
    await inbox.goto(`${SANDBOX_URL}/?only=platform-mail`);
    await expect(inbox.getByText(`invited you to ${orgName} on Switchboard`).first()).toBeVisible();
    await inbox.close();
    return new URL(found).pathname;
  });

  const invitee = await browser.newContext({ baseURL });
  try {
    const p = await invitee.newPage();
    await test.step("the invitee opens the link, sets a name and password, is signed in and sees the event", async () => {
      await p.goto(invitePath);
      await expect(p.getByRole("heading", { name: `Join ${orgName}` })).toBeVisible();
      await keepScreenshot(p, "invitation.png", { fullPage: true });
      await expect(p.getByText(`invited ${adminEmail} to ${orgName} on Switchboard as admin`)).toBeVisible();
      await expectNoA11yViolations(p);
      const form = p.getByRole("form", { name: "Create your account" });
      await expect(form.getByLabel("E-mail")).toHaveValue(adminEmail);
      await form.getByLabel("Your name").fill("Nadia Newadmin");
      await form.getByLabel("Password").fill("short");
      await form.getByRole("button", { name: "Create account and join" }).click();
      await expect(form.getByRole("alert").filter({ hasText: "at least 10 characters" })).toBeVisible();
      await form.getByLabel("Password").fill(adminPassword);
      await form.getByRole("button", { name: "Create account and join" }).click();
      await p.waitForURL(/\/events$/);
      await expect(p.getByRole("banner")).toContainText(orgName);
      await expect(p.getByRole("banner")).toContainText(`${adminEmail} · admin`);
      await expect(p.getByRole("link", { name: eventTitle })).toBeVisible();
    });

    await test.step("the used link says so", async () => {
      await p.goto(invitePath);
      await expect(p.getByRole("heading", { name: "This invitation has been used" })).toBeVisible();
    });

    await test.step("signed out, the admin signs in with the new password and reaches the settings", async () => {
      await invitee.clearCookies();
      await signIn(p, adminEmail, adminPassword);
      await expect(p.getByRole("banner")).toContainText(orgName);
      await p.goto("/settings/members");
      await expect(p.getByRole("heading", { name: "Members", exact: true })).toBeVisible();
    });
  } finally {
    await invitee.close();
  }

  await test.step("the operator sees the new admin among the people and the change in the activity log", async () => {
    await page.goto("/settings/members");
    await expect(page.getByTestId("member-row").filter({ hasText: adminEmail })).toContainText("Nadia Newadmin");
    await expect(page.getByTestId("invitation-row").filter({ hasText: adminEmail })).toHaveCount(0);
    await keepScreenshot(page, "settings-members.png", { fullPage: true });
    await page.goto("/settings/activity");
    await expect(page.getByTestId("activity-row").filter({ hasText: `Nadia Newadmin <${adminEmail}> accepted the invitation and joined as admin.` })).toBeVisible();
  });

  await test.step("the operator removes the admin, whose next page says why they are out", async () => {
    const admin = await browser.newContext({ baseURL });
    try {
      const p = await admin.newPage();
      await signIn(p, adminEmail, adminPassword);
      await page.goto("/settings/members");
      page.once("dialog", (d) => void d.accept());
      await page.getByTestId("member-row").filter({ hasText: adminEmail }).getByRole("button", { name: "Remove" }).click();
      await expect(page.getByTestId("member-row").filter({ hasText: adminEmail })).toHaveCount(0);
      await p.goto("/events");
      await p.waitForURL(/\/login/);
      await expect(p.getByRole("alert").filter({ hasText: `You are signed in as ${adminEmail}, but that account no longer belongs to any organization` })).toBeVisible();
    } finally {
      await admin.close();
    }
  });

  await test.step("resets a forgotten password from the e-mailed link, and the session begun before ends", async () => {
    const newPassword = `new-fake-password-${id}`;
    const other = await browser.newContext({ baseURL });
    const p = await other.newPage();
    try {
      await p.goto("/login");
      await p.getByRole("link", { name: "Forgot your password?" }).click();
      await p.waitForURL(/\/forgot-password$/);
      await p.getByRole("textbox", { name: "E-mail" }).fill(email);
      await expectNoA11yViolations(p);
      await p.getByRole("button", { name: "E-mail me a link" }).click();
      await expect(p.getByRole("status")).toContainText("If that address has a Switchboard account");
      await p.goto(await mailLink(request, email, "Reset your Switchboard password", "/reset-password"));
      await expect(p.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
      await p.getByLabel("New password").fill(newPassword);
      await p.getByLabel("The same password again").fill(newPassword);
      await expectNoA11yViolations(p);
      await p.getByRole("button", { name: "Set password" }).click();
      await expect(p.getByRole("status")).toContainText("Your new password is set");
      await signIn(p, email, newPassword);
    } finally {
      await other.close();
    }
    await page.goto("/events");
    await page.waitForURL(/\/login/);
    await expect(page.getByRole("heading", { name: "Sign in to Switchboard" })).toBeVisible();
  });
});
