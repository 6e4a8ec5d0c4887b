// An admin connects GitHub in sandbox mode by installing the App through GitHub's
// install page, picks the template repository, and publishes a hackathon: its
// repository appears in the sandbox inbox and on the event's admin page, where
// pushes to it are counted. An installation of somebody else's GitHub account,
// named in GitHub's answer instead of the admin's own, is refused on the page.
import { expect, test } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { addTicketType, allowOnConsentScreen, createEvent, disconnectIfConnected, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

const ORG = "sandbox-hackers";

test("an admin installs the GitHub App, and a published hackathon gets its repository", async ({ page, request }) => {
  test.setTimeout(120_000);
  const title = `Hack Night ${unique()}`;
  await signIn(page, OWNER_EMAIL);

  await test.step("an installation the admin does not administer on GitHub is refused", async () => {
    await disconnectIfConnected(page, "GitHub");
    const made = await request.post(`${SANDBOX_URL}/_sandbox/github/installations`, { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN }, data: { login: "monalisa", account: `lab-${unique()}`.slice(0, 39) } });
    expect(made.ok()).toBe(true);
    const elsewhere = (await made.json()).id as number;
    // GitHub's answer (the install page's redirect to our callback) names somebody else's installation.
    const installPage = (url: URL) => url.pathname.endsWith("/github/apps/switchboard-sandbox/installations/new");
    await page.route(installPage, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const answer = await route.fetch({ maxRedirects: 0 });
      const back = new URL(answer.headers().location!);
      back.searchParams.set("installation_id", String(elsewhere));
      return route.fulfill({ response: answer, headers: { ...answer.headers(), location: back.toString() } });
    });
    await openConnector(page, "GitHub");
    await page.getByRole("link", { name: "Install on GitHub" }).click();
    await allowOnConsentScreen(page);
    await expect(page.getByText(`The installation ${elsewhere} is not one you can administer on GitHub; install the App from your own GitHub account.`)).toBeVisible();
    await page.unroute(installPage);
    await keepScreenshot(page, "github-refused.png", { fullPage: true });
  });

  await test.step("install the App through GitHub's install page and choose the template", async () => {
    await openConnector(page, "GitHub");
    await page.getByRole("link", { name: "Install on GitHub" }).click();
    await expect(page.getByRole("heading", { name: `Install Switchboard (sandbox) on ${ORG}` })).toBeVisible();
    await allowOnConsentScreen(page);
    await expect(page.getByRole("status").filter({ hasText: `Connected to GitHub as ${ORG}` })).toBeVisible();
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel("Template repository").selectOption({ label: `${ORG}/hackathon-template` });
    await settings.getByLabel("Participants' permission").selectOption({ label: "Write (push)" });
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "github-settings.png", { fullPage: true });
  });

  let slug = "";
  await test.step("publish a hackathon: its repository shows on the event page", async () => {
    await createEvent(page, { title });
    await page.getByLabel("Hackathon (a connected code host makes a repository for it and invites participants)").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    await addTicketType(page, { name: "Hacker", price: "0", currency: "EUR", quantity: 50 });
    slug = (await publish(page)).replace("/e/", "");
    const panel = page.getByRole("region", { name: "GitHub repository" });
    await expect(async () => {
      await page.reload();
      await expect(panel.getByRole("link", { name: `${ORG}/${slug}` })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expect(panel).toContainText("Commits pushed0");
  });

  await test.step("the sandbox inbox shows the repository, made from the template", async () => {
    const inbox = await page.context().newPage();
    await inbox.goto(`${SANDBOX_URL}/?only=repositories`);
    const section = inbox.locator("#repositories");
    const row = section.getByRole("row").filter({ hasText: `${ORG}/${slug}` });
    await expect(row).toContainText(`${ORG}/hackathon-template`);
    await expect(row).toContainText("nobody yet");
    await keepScreenshot(inbox, "github-sandbox-inbox.png", { fullPage: true });
    await inbox.close();
  });

  await test.step("pushes to the repository are counted on the event page", async () => {
    const pushed = await request.post(`${SANDBOX_URL}/_sandbox/github/push`, { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN }, data: { repository: `${ORG}/${slug}`, commits: 2, login: "octocat" } });
    expect(pushed.ok()).toBe(true);
    expect((await pushed.json()).webhook.status).toBe(200);
    const panel = page.getByRole("region", { name: "GitHub repository" });
    await expect(async () => {
      await page.reload();
      await expect(panel).toContainText("Commits pushed2", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expectNoA11yViolations(page);
    await keepScreenshot(panel, "github-event-panel.png");
  });
});
