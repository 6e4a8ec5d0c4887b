// Issue-level flow for a hackathon with paid tickets: GitHub and QuickBooks are
// connected in sandbox mode; the organizer publishes a hackathon that asks for a
// GitHub username; an attendee who mistypes it is told on the form, fixes it and
// pays; the sandbox shows the repository with the attendee invited and the books
// with the sales receipt; the refund shows as a refund receipt and withdraws the
// invitation.
import { expect, test, type Page } from "@playwright/test";
import { SANDBOX_URL } from "../../playwright.config";
import { addTicketType, allowOnConsentScreen, createEvent, ensureStripe, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, payOnSandboxCheckout, publish, signIn, unique } from "./helpers";

const ORG = "sandbox-hackers";

/** Connects a provider unless another spec of the run already did (specs share one organization). */
async function connected(page: Page, name: string): Promise<boolean> {
  await page.goto("/settings/integrations");
  return (await page.getByRole("link", { name: new RegExp(`^${name}: not connected`) }).count()) === 0;
}


async function ensureGitHub(page: Page) {
  if (!(await connected(page, "GitHub"))) {
    await openConnector(page, "GitHub");
    await page.getByRole("link", { name: "Install on GitHub" }).click();
    await allowOnConsentScreen(page);
    await expect(page.getByRole("status").filter({ hasText: `Connected to GitHub as ${ORG}` })).toBeVisible();
  } else {
    await openConnector(page, "GitHub");
  }
  const settings = page.getByRole("form", { name: "Settings" });
  await settings.getByLabel("Template repository").selectOption({ label: `${ORG}/hackathon-template` });
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByRole("status")).toHaveText("Settings saved.");
}

async function ensureQuickBooks(page: Page) {
  if (!(await connected(page, "QuickBooks Online"))) {
    await openConnector(page, "QuickBooks Online");
    await page.getByRole("link", { name: /^(Re)?[Cc]onnect QuickBooks Online$/ }).click();
    await allowOnConsentScreen(page);
    await expect(page.getByRole("status").filter({ hasText: "Connected to QuickBooks Online" })).toBeVisible();
  } else {
    await openConnector(page, "QuickBooks Online");
  }
  const settings = page.getByRole("form", { name: "Settings" });
  await settings.getByLabel("Income account").selectOption({ label: "Event Ticket Sales" });
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByRole("status")).toHaveText("Settings saved.");
}

/** The sandbox inbox, reloaded until a row of the section that names every one of `rowTexts` has a cell matching `cell`. */
async function inboxShows(page: Page, section: string, rowTexts: string[], cell: RegExp) {
  const inbox = await page.context().newPage();
  await expect(async () => {
    await inbox.goto(`${SANDBOX_URL}/?only=${section.slice(1)}`);
    let rows = inbox.locator(section).getByRole("row");
    for (const text of rowTexts) rows = rows.filter({ hasText: text });
    await expect(rows.first().getByRole("cell").filter({ hasText: cell })).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 45_000, intervals: [500, 1000] });
  return inbox;
}

test("a paid hackathon: the GitHub username checked on the form, the attendee invited to the repository, the payment and its refund in the books", async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  const id = unique();
  const title = `Paid Hack ${id}`;
  const buyer = `Hedy Hacker ${id}`;
  await signIn(page, OWNER_EMAIL);

  await test.step("Stripe, GitHub and QuickBooks are connected in sandbox mode", async () => {
    await ensureStripe(page);
    await ensureGitHub(page);
    await ensureQuickBooks(page);
  });

  let publicPath = "";
  let eventPath = "";
  let slug = "";
  await test.step("the organizer publishes a hackathon that asks for a GitHub username", async () => {
    await createEvent(page, { title });
    eventPath = new URL(page.url()).pathname;
    await page.getByLabel("Hackathon (a connected code host makes a repository for it and invites participants)").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    await addTicketType(page, { name: "Hacker", price: "30.00", currency: "CHF", quantity: 20 });
    const form = page.getByRole("form", { name: "Add a question" });
    await form.getByLabel("Question").fill("Your GitHub username");
    await form.getByLabel("Kind of answer").selectOption({ label: "GitHub username" });
    await form.getByRole("checkbox", { name: /Required/ }).check();
    await form.getByRole("button", { name: "Add question" }).click();
    await expect(form.getByRole("status")).toHaveText('Added "Your GitHub username".');
    publicPath = await publish(page);
    slug = publicPath.replace("/e/", "");
  });

  const attendee = await browser.newContext({ baseURL });
  const pub = await attendee.newPage();
  try {
    await test.step("the attendee mistypes the username, is told on the form, fixes it and pays", async () => {
      await pub.goto(publicPath);
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Quantity of Hacker").fill("1");
      await form.getByLabel("Your name").fill(buyer);
      await form.getByLabel("E-mail").fill(`hedy.${id}@example.com`);
      await form.getByLabel("Your GitHub username").fill("no-such-person-here");
      await form.getByRole("button", { name: "Continue to payment" }).click();
      const answer = form.getByLabel("Your GitHub username");
      await expect(answer).toHaveAccessibleDescription(/No GitHub account is called/);
      // Nothing typed is lost.
      await expect(form.getByLabel("Your name")).toHaveValue(buyer);
      await expect(answer).toHaveValue("no-such-person-here");
      await expectNoA11yViolations(pub);
      await keepScreenshot(pub, "hackathon-username-error.png", { fullPage: true });
      await answer.fill("OctoCat");
      await form.getByRole("button", { name: "Continue to payment" }).click();
      await payOnSandboxCheckout(pub, buyer);
    });
  } finally {
    await attendee.close();
  }

  await test.step("the sandbox shows the repository with the attendee invited, and the sales receipt", async () => {
    const repos = await inboxShows(page, "#repositories", [`${ORG}/${slug}`], /octocat\s*invited · push/);
    await repos.close();
    const books = await inboxShows(page, "#books", [buyer, "SalesReceipt"], /^30(\.0+)?$/);
    await keepScreenshot(books, "hackathon-sandbox.png", { fullPage: true });
    await books.close();
    await page.goto(eventPath);
    await expect(page.getByTestId("attendee-row").filter({ hasText: buyer })).toContainText("octocat");
  });

  await test.step("the refund shows as a refund receipt and withdraws the invitation", async () => {
    await page.goto(eventPath);
    const row = page.getByTestId("attendee-row").filter({ hasText: buyer });
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Refund" }).click();
    await expect(page.getByText(/Refund of CHF\s?30\.00 requested/)).toBeVisible();
    const books = await inboxShows(page, "#books", [buyer, "RefundReceipt"], /^30(\.0+)?$/);
    await books.close();
    const repos = await inboxShows(page, "#repositories", [`${ORG}/${slug}`], /nobody yet/);
    await repos.close();
  });
});
