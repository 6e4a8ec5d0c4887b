// Cancelling free registrations: the attendee gives their ticket back from their
// own order page, the admin cancels another from the event's page; each place
// is free again and registration.cancelled reaches the activity log.
import { expect, test } from "@playwright/test";
import { addTicketType, createEvent, expectNoA11yViolations, keepScreenshot, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

test("an attendee cancels their free ticket and the admin cancels another registration", async ({ page, browser, baseURL }) => {
  const id = unique();
  const title = `E2E Cancel ${id}`;
  const ana = { name: `Ana Leaving ${id}`, email: `ana.${id}@example.com` };
  const ben = { name: `Ben Dropped ${id}`, email: `ben.${id}@example.com` };
  const tickets = page.getByRole("region", { name: "Ticket types" }).getByRole("listitem").filter({ hasText: "General" });

  let publicPath = "";
  await test.step("the owner publishes an event with five free places", async () => {
    await signIn(page, OWNER_EMAIL);
    await createEvent(page, { title, capacity: 10 });
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 5 });
    publicPath = await publish(page);
  });

  const visitor = await browser.newContext({ baseURL });
  try {
    const pub = await visitor.newPage();
    const register = async (who: { name: string; email: string }) => {
      await pub.goto(publicPath);
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Your name").fill(who.name);
      await form.getByLabel("E-mail").fill(who.email);
      await form.getByRole("button", { name: "Register" }).click();
      await expect(pub.getByRole("status").filter({ hasText: "You're registered." })).toHaveText(`You're registered. A confirmation goes to ${who.email}.`);
    };

    await test.step("an attendee registers, opens their registration and cancels it", async () => {
      await register(ana);
      await expectNoA11yViolations(pub);
      await pub.getByRole("link", { name: "Your registration" }).click();
      await pub.waitForURL(/\/e\/[^/]+\/orders\/[0-9a-f-]{36}$/);
      await expect(pub.getByTestId("order-status")).toHaveText("You're registered!");
      await expectNoA11yViolations(pub);
      pub.once("dialog", (d) => void d.accept());
      await pub.getByRole("button", { name: "Cancel this ticket" }).click();
      await expect(pub.getByTestId("order-status")).toHaveText("Your registration was cancelled.");
      await expect(pub.getByRole("listitem").filter({ hasText: "General" })).toContainText("cancelled");
      await expect(pub.getByRole("button", { name: "Cancel this ticket" })).toHaveCount(0);
      await expectNoA11yViolations(pub);
      await keepScreenshot(pub, "order-cancelled.png", { fullPage: true });
      await pub.goto(publicPath);
      await expect(pub.getByRole("region", { name: "Tickets" }).getByRole("listitem").filter({ hasText: "General" })).toContainText("5 left");
    });

    await test.step("a second attendee registers", async () => {
      await register(ben);
    });
  } finally {
    await visitor.close();
  }

  await test.step("the admin sees the cancelled ticket and cancels the other registration", async () => {
    await page.reload();
    await expect(page.getByTestId("attendee-row").filter({ hasText: ana.name })).toContainText("cancelled");
    await expect(page.getByRole("heading", { name: "Attendees (1 / 10)" })).toBeVisible();
    await expect(tickets).toContainText("1 / 5 taken");
    const row = page.getByTestId("attendee-row").filter({ hasText: ben.name });
    await expectNoA11yViolations(page);
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Cancel registration" }).click();
    await expect(row).toContainText("cancelled");
    // Stored, not just shown.
    await page.reload();
    await expect(page.getByTestId("attendee-row").filter({ hasText: ben.name })).toContainText("cancelled");
    await expect(page.getByTestId("attendee-row").filter({ hasText: ben.name }).getByRole("button", { name: "Cancel registration" })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Attendees (0 / 10)" })).toBeVisible();
    await expect(tickets).toContainText("0 / 5 taken");
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "event-page-cancelled.png", { fullPage: true });
  });

  await test.step("both cancellations reach the activity log through the worker", async () => {
    await page.goto("/settings/activity");
    const cancelled = page.getByRole("listitem").filter({ hasText: "registration.cancelled" });
    await expect(async () => {
      await page.reload();
      await expect(cancelled.filter({ hasText: ana.email })).toHaveCount(1, { timeout: 500 });
      await expect(cancelled.filter({ hasText: ben.email })).toHaveCount(1, { timeout: 500 });
    }).toPass({ timeout: 20_000, intervals: [250, 500, 1000] });
  });
});
