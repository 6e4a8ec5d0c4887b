// An attendee buys a ticket through Stripe Checkout in sandbox mode: the admin
// connects Stripe (Switchboard creates the webhook endpoint), the attendee pays
// on the sandbox's Checkout page, the success page shows paid once Stripe's
// signed callback is processed, Slack and SendGrid hear of it, and the admin
// refunds the ticket and sees it refunded.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { SANDBOX_URL } from "../../playwright.config";
import { addTicketType, connectSlack, createEvent, ensureSendGrid, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

/** Slack and SendGrid tell of the purchase; connect them unless an earlier test in this run already did. */
async function ensureSlackAndSendGrid(page: Page) {
  await page.goto("/settings/integrations");
  if (await page.getByRole("link", { name: /^Slack: not connected/ }).count()) {
    await connectSlack(page, "#events");
  }
  await ensureSendGrid(page, "SG.e2e-payments.key12345");
}

test("an attendee buys a ticket on the sandbox Checkout page, and the admin sees it paid and then refunds it", async ({ page, browser, baseURL }) => {
  test.setTimeout(150_000);
  const id = unique();
  const title = `Paid Night ${id}`;
  const buyer = `Pia Buyer ${id}`;
  await signIn(page, OWNER_EMAIL);

  await test.step("the admin connects Stripe with test keys; a refused key is named on its field", async () => {
    await openConnector(page, "Stripe");
    const form = page.getByRole("form", { name: "Credentials" });
    await form.getByLabel("Secret key").fill("sk_live_e2eFakeKey000000000000");
    await form.getByLabel("Publishable key").fill("pk_test_e2eFakeKey000000000000");
    await form.getByRole("button", { name: /Save and test|Replace and test/ }).click();
    await expect(form.getByRole("alert").first()).toBeVisible();
    // What was typed is kept for correction.
    await expect(form.getByLabel("Publishable key")).toHaveValue("pk_test_e2eFakeKey000000000000");
    await form.getByLabel("Secret key").fill("sk_test_e2eFakeKey000000000000");
    await form.getByRole("button", { name: /Save and test|Replace and test/ }).click();
    await expect(form.getByRole("status")).toContainText("Connected.");
    await expect(form.getByRole("status")).toContainText("Test mode");
    expect(await page.content()).not.toContain("sk_test_e2eFakeKey000000000000");
    // Each saved secret shows its own last characters: the signing secret Switchboard
    // created is not shown with the secret key's.
    await page.reload();
    await expect(form.getByLabel("Secret key")).toHaveAccessibleDescription("Saved key: ••••0000. Paste a new one to replace it.");
    await expect(form.getByLabel("Webhook signing secret (optional)")).toHaveAccessibleDescription(/^Saved key: ••••[A-Za-z0-9]{4}\. Paste a new one to replace it\.$/);
    await expect(form.getByLabel("Webhook signing secret (optional)")).not.toHaveAccessibleDescription(/••••0000/);
    await expectNoA11yViolations(page);
  });

  await test.step("Slack and SendGrid are connected", async () => {
    await ensureSlackAndSendGrid(page);
  });

  let publicPath = "";
  let eventPath = "";
  await test.step("the admin publishes an event with a paid ticket type", async () => {
    await createEvent(page, { title, venue: "Kaufleuten, Zurich" });
    eventPath = new URL(page.url()).pathname;
    await addTicketType(page, { name: "Standard", price: "25.00", currency: "CHF", quantity: 10 });
    publicPath = await publish(page);
  });

  await test.step("an order waiting for its payment shows that it is being confirmed", async () => {
    const slug = publicPath.split("/").pop()!;
    await page.goto(publicPath);
    const ticketTypeId = (await page.getByRole("form", { name: "Order tickets" }).getByLabel("Quantity of Standard").getAttribute("name"))!.replace(/^qty-/, "");
    const started = await page.request.post(`/api/public/events/${slug}/checkout`, {
      data: { name: `Waiting Buyer ${id}`, email: `waiting.${id}@example.com`, attempt: randomUUID(), items: [{ ticketTypeId, quantity: 1 }] },
    });
    expect(started.status(), await started.text()).toBe(201);
    const { orderId } = (await started.json()) as { orderId: string };
    await page.goto(`${publicPath}/orders/${orderId}`);
    await expect(page.getByTestId("order-status")).toHaveText("Your payment is being confirmed…");
    await expectNoA11yViolations(page);
  });

  const attendee = await browser.newContext({ baseURL });
  const pub = await attendee.newPage();
  let orderPath = "";
  try {
    await test.step("the attendee pays on the sandbox Checkout page and lands on a paid success page", async () => {
      await pub.goto(publicPath);
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Quantity of Standard").fill("1");
      await form.getByLabel("Your name").fill(buyer);
      await form.getByLabel("E-mail").fill(`pia.${id}@example.com`);
      await form.getByRole("button", { name: "Continue to payment" }).click();
      await pub.waitForURL(/\/checkout\/pay\//);
      expect(pub.url().startsWith(SANDBOX_URL)).toBe(true);
      await expect(pub.getByText("CHF 25.00").first()).toBeVisible();
      await pub.getByLabel("Card number").fill("4242 4242 4242 4242");
      await pub.getByLabel("Expiry").fill("12 / 34");
      await pub.getByLabel("CVC").fill("123");
      await pub.getByLabel("Name on card").fill(buyer);
      await keepScreenshot(pub, "sandbox-checkout.png", { fullPage: true });
      await pub.getByRole("button", { name: "Pay", exact: true }).click();
      await pub.waitForURL(/\/e\/[^/]+\/orders\/[0-9a-f-]{36}/);
      orderPath = new URL(pub.url()).pathname;
      // "Being confirmed" until the callback is processed; the page refreshes itself.
      await expect(pub.getByTestId("order-status")).toHaveText("Payment received: you're in!", { timeout: 30_000 });
      await expect(pub.getByRole("listitem").filter({ hasText: "Standard" })).toContainText("paid");
      // A paid ticket is refunded by the organizer, not cancelled by the attendee.
      await expect(pub.getByRole("button", { name: "Cancel this ticket" })).toHaveCount(0);
      await expectNoA11yViolations(pub);
      await keepScreenshot(pub, "success-page.png", { fullPage: true });
    });
  } finally {
    await attendee.close();
  }

  await test.step("the admin sees the order paid and the callback processed", async () => {
    await page.goto(eventPath);
    const row = page.getByTestId("attendee-row").filter({ hasText: buyer });
    await expect(row).toContainText("paid");
    await expect(row.getByRole("button", { name: "Cancel registration" })).toHaveCount(0);
    await expectNoA11yViolations(page);
    await page.goto("/settings/received-webhooks");
    const completed = page.getByTestId("webhook-row").filter({ hasText: "checkout.session.completed" }).first();
    await expect(completed).toContainText("stripe");
    await expect(completed).toContainText("processed");
    // checkout.session.completed and payment_intent.succeeded race; whichever is processed first pays the order.
    await expect(completed).toContainText(/order paid; tickets issued|order already paid/);
    // Of this payment's two callbacks (the newest of each type: the run's specs pay one at a time), exactly one paid the order.
    await expect(async () => {
      await page.reload();
      const outcomes = await Promise.all(
        ["checkout.session.completed", "payment_intent.succeeded"].map((type) => page.getByTestId("webhook-row").filter({ hasText: type }).first().innerText({ timeout: 500 })),
      );
      expect(outcomes.filter((o) => o.includes("order paid; tickets issued"))).toHaveLength(1);
      expect(outcomes.filter((o) => o.includes("order already paid"))).toHaveLength(1);
    }).toPass({ timeout: 20_000, intervals: [500, 1000] });
  });

  await test.step("the sandbox inbox shows the Slack message and the confirmation e-mail", async () => {
    const inbox = await page.context().newPage();
    await expect(async () => {
      await inbox.goto(SANDBOX_URL);
      await expect(inbox.locator("#slack")).toContainText(`${buyer} bought ${title}`, { timeout: 500 });
      await expect(inbox.locator("#email")).toContainText(`Your tickets for ${title}`, { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await inbox.close();
  });

  await test.step("the admin refunds the ticket and sees it refunded", async () => {
    await page.goto(eventPath);
    const row = page.getByTestId("attendee-row").filter({ hasText: buyer });
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Refund" }).click();
    await expect(page.getByText(/Refund of CHF\s?25\.00 requested; the ticket shows refunded once Stripe confirms\./)).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("attendee-row").filter({ hasText: buyer })).toContainText("refunded", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "attendees-refunded.png", { fullPage: true });
    await page.goto(orderPath);
    await expect(page.getByTestId("order-status")).toHaveText("This order was refunded.");
    await page.goto("/settings/received-webhooks");
    await expect(page.getByTestId("webhook-row").filter({ hasText: "charge.refunded" }).first()).toContainText("processed");
    await expectNoA11yViolations(page);
  });
});
