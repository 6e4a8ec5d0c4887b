// An admin connects QuickBooks Online in sandbox mode (Intuit's consent screen
// included), picks the income account, and catches up with past orders on a
// progress bar; an attendee pays for a ticket through Stripe, and the sandbox's
// books show the sales receipt for the buyer; the admin's refund shows as a refund receipt.
import { expect, test, type Page } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { addTicketType, allowOnConsentScreen, createEvent, ensureStripe, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, payOnSandboxCheckout, publish, signIn, unique } from "./helpers";


async function booksSection(page: Page, expectText: RegExp | string) {
  const inbox = await page.context().newPage();
  await expect(async () => {
    await inbox.goto(`${SANDBOX_URL}/?only=books`);
    await expect(inbox.locator("#books")).toContainText(expectText, { timeout: 500 });
  }).toPass({ timeout: 30_000, intervals: [500, 1000] });
  return inbox;
}

test("an admin connects QuickBooks, a paid ticket becomes a sales receipt and its refund a refund receipt", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const id = unique();
  const title = `Books Night ${id}`;
  const buyer = `Bea Books ${id}`;
  await signIn(page, OWNER_EMAIL);
  await ensureStripe(page);

  await test.step("connect QuickBooks by OAuth, choose the income account, and book past orders", async () => {
    await openConnector(page, "QuickBooks Online");
    await page.getByRole("link", { name: /^(Re)?[Cc]onnect QuickBooks Online$/ }).click();
    await allowOnConsentScreen(page);
    await expect(page.getByRole("status").filter({ hasText: "Connected to QuickBooks Online as Sandbox Events Ltd" })).toBeVisible();
    await expect(page.getByText(/authorization ends on \d{4}-\d{2}-\d{2}/)).toBeVisible();
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel("Income account").selectOption({ label: "Event Ticket Sales" });
    await settings.getByLabel("Tax code").selectOption({ label: "Exempt (Exempt from sales tax)" });
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
    await page.getByRole("button", { name: /Book past orders|Run again/ }).click();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("backfill-status")).toContainText("done", { timeout: 500 });
    }).toPass({ timeout: 60_000, intervals: [1000] });
    await expect(page.getByRole("progressbar", { name: "Backfill progress" })).toBeVisible();
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "quickbooks-settings.png", { fullPage: true });
  });

  let publicPath = "";
  let eventPath = "";
  await test.step("the admin publishes an event with a paid ticket type", async () => {
    await createEvent(page, { title, venue: "Volkshaus, Zurich" });
    eventPath = new URL(page.url()).pathname;
    await addTicketType(page, { name: "Standard", price: "25.00", currency: "CHF", quantity: 10 });
    publicPath = await publish(page);
  });

  const attendee = await browser.newContext({ baseURL });
  const pub = await attendee.newPage();
  try {
    await test.step("an attendee pays on the sandbox Checkout page", async () => {
      await pub.goto(publicPath);
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Quantity of Standard").fill("1");
      await form.getByLabel("Your name").fill(buyer);
      await form.getByLabel("E-mail").fill(`bea.${id}@example.com`);
      await form.getByRole("button", { name: "Continue to payment" }).click();
      await payOnSandboxCheckout(pub, buyer);
    });
  } finally {
    await attendee.close();
  }

  await test.step("the sandbox's books show the sales receipt for the buyer", async () => {
    const inbox = await booksSection(page, new RegExp(`SalesReceipt.*${buyer}.*25`));
    await keepScreenshot(inbox, "quickbooks-sandbox-books.png", { fullPage: true });
    await inbox.close();
  });

  await test.step("the receipt is voided in QuickBooks: the event page flags the order", async () => {
    const books = (await (await page.request.get(`${SANDBOX_URL}/_sandbox/inbox.json`)).json()) as { quickbooks: { customers: Array<{ id: string; displayName: string }>; documents: Array<{ kind: string; id: string; customerId: string; docNumber: string }> } };
    const customer = books.quickbooks.customers.find((c) => c.displayName.startsWith(buyer))!;
    const receipt = books.quickbooks.documents.find((d) => d.kind === "SalesReceipt" && d.customerId === customer.id)!;
    const res = await page.request.post(`${SANDBOX_URL}/_sandbox/quickbooks/void`, { headers: { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN }, data: { entity: "SalesReceipt", id: receipt.id } });
    expect(res.ok()).toBe(true);
    await page.goto(eventPath);
    const notes = page.getByRole("region", { name: /Orders that need a look/ });
    await expect(async () => {
      await page.reload();
      await expect(notes.getByTestId("order-note").filter({ hasText: buyer })).toContainText(`The sales receipt ${receipt.docNumber} was voided in QuickBooks`, { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "quickbooks-order-flagged.png", { fullPage: true });
  });

  await test.step("the admin refunds the ticket: the books show a refund receipt", async () => {
    await page.goto(eventPath);
    const row = page.getByTestId("attendee-row").filter({ hasText: buyer });
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Refund" }).click();
    await expect(page.getByText(/Refund of CHF\s?25\.00 requested/)).toBeVisible();
    const inbox = await booksSection(page, new RegExp(`RefundReceipt.*${buyer}.*25`));
    await keepScreenshot(inbox, "quickbooks-sandbox-refund.png", { fullPage: true });
    await inbox.close();
  });
});
