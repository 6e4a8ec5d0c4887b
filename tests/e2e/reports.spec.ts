// The reports page shows what was sold: two tickets bought on the sandbox's
// Stripe Checkout page, one refunded by the admin; the report of that event
// shows gross, refunded and net in CHF, the tickets sold and refunded, and the
// CSV export holds the same figures.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { addTicketType, createEvent, ensureStripe, expectNoA11yViolations, keepScreenshot, OWNER_EMAIL, payOnSandboxCheckout, publish, signIn, unique } from "./helpers";

async function buyOne(page: Page, publicPath: string, name: string, email: string) {
  await page.goto(publicPath);
  const form = page.getByRole("form", { name: "Order tickets" });
  await form.getByLabel("Quantity of Standard").fill("1");
  await form.getByLabel("Your name").fill(name);
  await form.getByLabel("E-mail").fill(email);
  await form.getByRole("button", { name: "Continue to payment" }).click();
  await payOnSandboxCheckout(page, name);
}

async function expectFigures(page: Page) {
  await expect(page.getByTestId("gross-CHF")).toHaveText(/^CHF\s50\.00$/);
  await expect(page.getByTestId("refunded-CHF")).toHaveText(/^CHF\s25\.00$/);
  await expect(page.getByTestId("net-CHF")).toHaveText(/^CHF\s25\.00$/);
  await expect(page.getByTestId("orders-CHF")).toHaveText("2");
  await expect(page.getByTestId("sales-tickets")).toHaveText("2");
  await expect(page.getByTestId("sales-refunded")).toHaveText("1");
  await expect(page.getByTestId("table-revenue-by-currency").getByRole("row").nth(1)).toHaveText(/CHF\s*2\s*50\.00\s*25\.00\s*25\.00/);
}

test("the reports page shows the sales of a paid and a refunded ticket, and its CSV the same figures", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const id = unique();
  const title = `Report Night ${id}`;
  await signIn(page, OWNER_EMAIL);
  await ensureStripe(page);

  const eventId = await createEvent(page, { title });
  await addTicketType(page, { name: "Standard", price: "25.00", currency: "CHF", quantity: 10 });
  const publicPath = await publish(page);

  await test.step("two attendees each buy a ticket through the sandbox's Stripe Checkout", async () => {
    for (const who of ["Kept", "Returned"]) {
      const ctx = await browser.newContext({ baseURL });
      try {
        await buyOne(await ctx.newPage(), publicPath, `${who} Buyer ${id}`, `${who.toLowerCase()}.${id}@example.com`);
      } finally {
        await ctx.close();
      }
    }
  });

  await test.step("the admin refunds one of them", async () => {
    await page.goto(`/events/${eventId}`);
    page.once("dialog", (d) => void d.accept());
    await page.getByTestId("attendee-row").filter({ hasText: `Returned Buyer ${id}` }).getByRole("button", { name: "Refund" }).click();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("attendee-row").filter({ hasText: `Returned Buyer ${id}` })).toContainText("refunded", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
  });

  await test.step("the organization's report, narrowed to the event, shows gross, refunded and net", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Reports" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
    const form = page.getByRole("form", { name: "Report period" });
    await form.getByLabel("Event").selectOption({ label: title });
    await form.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(new RegExp(`eventId=${eventId}`));
    await expectFigures(page);
    await expect(page.getByTestId("table-sales-by-ticket-type")).toContainText("Standard");
    await expect(page.getByRole("figure", { name: /Revenue in CHF per day/ }).locator("svg.recharts-surface").first()).toBeVisible();
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "reports.png", { fullPage: true });
  });

  await test.step("the revenue CSV holds the same figures", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download revenue by currency (CSV)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^report-revenue-by-currency-event-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await readFile((await file.path())!, "utf8")).toBe("\uFEFFCurrency,Orders,Gross,Refunded,Net\r\nCHF,2,50.00,25.00,25.00\r\n");
  });

  await test.step("the event's own report, linked from its page, agrees, with its attendance", async () => {
    await page.goto(`/events/${eventId}`);
    await page.getByRole("link", { name: "Sales and attendance report" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Report: ${title}` })).toBeVisible();
    await expectFigures(page);
    await expect(page.getByTestId("attendance-registered")).toHaveText("1");
  });
});
