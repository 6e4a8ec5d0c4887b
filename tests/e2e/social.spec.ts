// An admin connects X and LinkedIn in sandbox mode (their consent screens
// included), edits the X post template with its live preview, has LinkedIn post as
// the organization's page, and publishes an event: both posts appear in the
// sandbox inbox and under Recent posts on each connector's page.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SANDBOX_URL } from "../../playwright.config";
import { addTicketType, allowOnConsentScreen, createEvent, disconnectIfConnected, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

interface Inbox {
  x: { posts: Array<{ text: string }> };
  linkedin: { posts: Array<{ text: string; authorName: string; article: { source: string } | null }> };
}

async function inbox(request: APIRequestContext): Promise<Inbox> {
  return (await (await request.get(`${SANDBOX_URL}/_sandbox/inbox.json`)).json()) as Inbox;
}

async function connect(page: Page, name: string): Promise<void> {
  await disconnectIfConnected(page, name);
  await openConnector(page, name);
  await page.getByRole("link", { name: `Connect ${name}` }).click();
  await allowOnConsentScreen(page);
  await expect(page.getByRole("status").filter({ hasText: `Connected to ${name} as` })).toBeVisible();
}

test("publishing an event posts it to X and LinkedIn, from the templates the admin edits", async ({ page, request }) => {
  test.setTimeout(150_000);
  const title = `Social Launch ${unique()}`;
  await signIn(page, OWNER_EMAIL);

  await test.step("connect X and edit its announcement, watching the preview and the count", async () => {
    await connect(page, "X");
    const form = page.getByRole("form", { name: "X post templates" });
    const field = form.getByRole("textbox", { name: "When an event is published", exact: true });
    // The preview follows only once the page is interactive. A fill racing hydration can
    // be lost, or land beside the saved text that hydration puts back: so the whole
    // preview is compared, which holds only when exactly what was typed is the draft.
    await expect(async () => {
      await field.fill("{title} {when} {url}");
      await expect(page.getByTestId("post-preview-published")).toHaveText("Spring Product Meetup {when} https://events.example.com/e/spring-product-meetup", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await form.getByRole("button", { name: "Save post templates" }).click();
    await expect(form.getByRole("alert").filter({ hasText: "{when}" })).toBeVisible();
    // What was typed stays after the refusal.
    await expect(field).toHaveValue("{title} {when} {url}");
    await field.fill("New on our calendar: {title}, {date}. {url}");
    await expect(page.getByTestId("post-preview-published")).toHaveText("New on our calendar: Spring Product Meetup, Sat, 1 Jun 2030, 09:00 CEST. https://events.example.com/e/spring-product-meetup");
    await expect(page.getByTestId("post-length-published")).toHaveText("96 / 280 characters");
    await form.getByRole("button", { name: "Save post templates" }).click();
    await expect(form.getByRole("status")).toHaveText("Post templates saved.");
    await expectNoA11yViolations(page);
  });

  await test.step("connect LinkedIn and post as the organization's page", async () => {
    await connect(page, "LinkedIn");
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel("Post as").selectOption({ label: "Sandbox Events Co" });
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByText(/events are posted as the page Sandbox Events Co/)).toBeVisible();
    await expectNoA11yViolations(page);
  });

  let publicPath = "";
  await test.step("create and publish an event", async () => {
    await createEvent(page, { title });
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 20 });
    publicPath = await publish(page);
  });

  await test.step("both posts arrive in the sandbox inbox, with the event's link", async () => {
    await expect(async () => {
      const box = await inbox(request);
      expect(box.x.posts.some((p) => p.text.startsWith(`New on our calendar: ${title},`) && p.text.endsWith(publicPath))).toBe(true);
      expect(box.linkedin.posts.some((p) => p.text.includes(title) && p.authorName === "Sandbox Events Co" && p.article?.source.endsWith(publicPath))).toBe(true);
    }).toPass({ timeout: 45_000, intervals: [500, 1000] });
    const sandbox = await page.context().newPage();
    await sandbox.goto(SANDBOX_URL);
    await expect(sandbox.locator("#x-posts")).toContainText(title);
    await expect(sandbox.locator("#linkedin-posts")).toContainText(title);
    await keepScreenshot(sandbox, "social-sandbox-inbox.png", { fullPage: true });
    await sandbox.close();
  });

  await test.step("each connector's page lists the post", async () => {
    for (const name of ["X", "LinkedIn"]) {
      await openConnector(page, name);
      await expect(page.getByTestId("recent-posts")).toContainText(title);
      await expect(page.getByTestId("recent-posts").getByText("Posted").first()).toBeVisible();
    }
    await keepScreenshot(page, "social-linkedin-connector.png", { fullPage: true });
  });
});
