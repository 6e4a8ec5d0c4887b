// An admin invoices a company for 5 tickets: the places are held (the public page
// shows them taken), the company pays on the sandbox's hosted invoice page, and
// once Stripe's invoice.paid callback is processed the 5 tickets appear on the
// event's attendee list under the company's name.
import { expect, test } from "@playwright/test";
import { addTicketType, createEvent, ensureStripe, expectNoA11yViolations, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

test("an admin invoices a company for 5 tickets and the places appear once the invoice is paid", async ({ page, browser, baseURL }) => {
  test.setTimeout(150_000);
  const id = unique();
  const company = `Acme ${id}`;
  await signIn(page, OWNER_EMAIL);
  await ensureStripe(page);

  await test.step("the admin publishes an event with a paid ticket type", async () => {
    await createEvent(page, { title: `Company Day ${id}`, venue: "Hall 2" });
    await addTicketType(page, { name: "Standard", price: "40.00", currency: "EUR", quantity: 20 });
    await publish(page);
  });
  const eventPath = new URL(page.url()).pathname;

  let invoiceUrl = "";
  await test.step("the admin invoices the company for 5 tickets; the places are held", async () => {
    const form = page.getByRole("form", { name: "Invoice a company" });
    await form.getByLabel("Company").fill(company);
    await form.getByLabel("Billing e-mail").fill(`accounts.${id}@example.com`);
    await form.getByLabel("Reference or PO (optional)").fill(`PO-${id}`);
    await form.getByLabel("Tickets").fill("5");
    await expect(form.getByLabel("Days until due")).toHaveValue("14");
    await form.getByRole("button", { name: "Send invoice" }).click();
    await expect(form.getByRole("status")).toContainText(`Invoice sent to accounts.${id}@example.com; 5 place(s) are held until it is paid.`);
    const row = page.getByTestId("company-invoice-row").filter({ hasText: company });
    await expect(row).toContainText("5 × Standard");
    await expect(row).toContainText("sent; the places are held until it is paid");
    invoiceUrl = (await row.getByRole("link", { name: "Invoice page" }).getAttribute("href"))!;
    await expect(page.getByRole("heading", { name: /^Attendees \(5 \/ / })).toBeVisible();
    await expect(page.getByTestId("attendee-row").filter({ hasText: `${company} ticket 1 of 5` })).toContainText("pending");
    await expectNoA11yViolations(page);
  });

  await test.step("the company pays the invoice on the sandbox's hosted invoice page", async () => {
    const ctx = await browser.newContext({ baseURL });
    const payer = await ctx.newPage();
    try {
      await payer.goto(invoiceUrl);
      await payer.getByLabel("Card number").fill("4242 4242 4242 4242");
      await payer.getByLabel("Expiry").fill("12 / 34");
      await payer.getByLabel("CVC").fill("123");
      await payer.getByLabel("Name on card").fill(company);
      await payer.getByRole("button", { name: /^Pay/ }).click();
      await expect(payer.getByText(/paid/i).first()).toBeVisible();
    } finally {
      await ctx.close();
    }
  });

  await test.step("the 5 tickets appear as paid, named after the company", async () => {
    await expect(async () => {
      await page.goto(eventPath);
      const row = page.getByTestId("company-invoice-row").filter({ hasText: company });
      await expect(row).toContainText("paid; the tickets are valid", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const tickets = page.getByTestId("attendee-row").filter({ hasText: company });
    await expect(tickets).toHaveCount(5);
    for (let k = 1; k <= 5; k++) await expect(tickets.filter({ hasText: `${company} ticket ${k} of 5` })).toContainText("paid");
  });
});
