// Paying on the event's own page: the organizer chooses the on-page form in
// Stripe's settings; attendees pay in the Payment Element (the sandbox's Stripe.js
// stand-in and its card frame), once after a declined card, once through the
// 3-D Secure challenge; each order shows paid. The frame keeps the height of its
// content on any width. Only that page's CSP admits the form's origins. Specs
// share one organization, so the hosted page is chosen again at the end.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { SANDBOX_URL } from "../../playwright.config";
import { addTicketType, createEvent, ensureStripe, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

async function chooseForm(page: Page, label: string) {
  await openConnector(page, "Stripe");
  const settings = page.getByRole("form", { name: "Settings" });
  await settings.getByLabel("Where attendees pay").selectOption({ label });
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByRole("status")).toHaveText("Settings saved.");
}

async function startBuying(browser: Browser, baseURL: string | undefined, publicPath: string, name: string, email: string) {
  const context = await browser.newContext({ baseURL });
  const pub = await context.newPage();
  await pub.goto(publicPath);
  const form = pub.getByRole("form", { name: "Order tickets" });
  await form.getByLabel("Quantity of Standard").fill("1");
  await form.getByLabel("Your name").fill(name);
  await form.getByLabel("E-mail").fill(email);
  await form.getByRole("button", { name: "Continue to payment" }).click();
  await pub.waitForURL(/\/e\/[^/]+\/orders\/[0-9a-f-]{36}\/pay$/);
  return { context, pub };
}

/** The page keeps the card frame as tall as its content, on any width: no blank band, the Pay button where it belongs. */
async function expectFrameFitsContent(pub: Page) {
  const frame = pub.locator('iframe[title="Secure payment input frame"]');
  const body = pub.frameLocator('iframe[title="Secure payment input frame"]').locator("body");
  await expect
    .poll(async () => {
      const outer = (await frame.boundingBox())?.height ?? 0;
      const inner = await body.evaluate((b) => b.getBoundingClientRect().height);
      return Math.abs(outer - (Math.ceil(inner) + 4));
    })
    .toBeLessThanOrEqual(1);
  return (await frame.boundingBox())?.height ?? 0;
}

// Each value is read back from the card frame, as a person sees what they typed before paying.
async function typeCard(pub: Page, number: string) {
  const card = pub.frameLocator('iframe[title="Secure payment input frame"]');
  for (const [label, value] of [["Card number", number], ["Expiration date", "12 / 34"], ["Security code", "123"]] as const) {
    await card.getByLabel(label).fill(value);
    await expect(card.getByLabel(label)).toHaveValue(value);
  }
}

test("an attendee pays on the event's page with the test card, another through 3-D Secure", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const id = unique();
  await signIn(page, OWNER_EMAIL);
  await ensureStripe(page);
  await chooseForm(page, "A payment form on the event's own page");
  try {
    await createEvent(page, { title: `On-page Night ${id}`, venue: "Rote Fabrik, Zurich" });
    await addTicketType(page, { name: "Standard", price: "25.00", currency: "CHF", quantity: 10 });
    const publicPath = await publish(page);

    await test.step("a declined card is named beside the form; the test card pays", async () => {
      const { context, pub } = await startBuying(browser, baseURL, publicPath, `Olga Card ${id}`, `olga.${id}@example.com`);
      try {
        const csp = (await pub.request.get(pub.url())).headers()["content-security-policy"] ?? "";
        expect(csp).toMatch(new RegExp(`frame-src [^;]*${SANDBOX_URL.replace(/[.:/]/g, "\\$&")}`));
        expect(csp).toContain("https://js.stripe.com");
        await expect(pub.getByRole("heading", { level: 1 })).toContainText("25.00");
        const pay = pub.getByRole("button", { name: /^Pay / });
        await expect(pay).toBeEnabled({ timeout: 20_000 });
        const wide = await expectFrameFitsContent(pub);
        // On a phone the frame's text wraps onto more lines, and the frame grows with it.
        await pub.setViewportSize({ width: 360, height: 720 });
        expect(await expectFrameFitsContent(pub)).toBeGreaterThan(wide);
        await pub.setViewportSize({ width: 1280, height: 720 });
        expect(await expectFrameFitsContent(pub)).toBe(wide);
        await typeCard(pub, "4000 0000 0000 0002");
        // A frame taller than its content would push the button below the fold.
        await expect(pay).toBeInViewport({ ratio: 1 });
        await pay.click();
        await expect(pub.getByTestId("payment-error")).toHaveText("Your card was declined.");
        await expectNoA11yViolations(pub);
        await keepScreenshot(pub, "payment-form-declined.png", { fullPage: true });
        await typeCard(pub, "4242 4242 4242 4242");
        await pay.click();
        await pub.waitForURL(/\/e\/[^/]+\/orders\/[0-9a-f-]{36}\?/);
        await expect(pub.getByTestId("order-status")).toHaveText("Payment received: you're in!", { timeout: 30_000 });
        await keepScreenshot(pub, "payment-form-paid.png", { fullPage: true });
      } finally {
        await context.close();
      }
    });

    await test.step("a 3-D Secure card goes through the challenge and pays", async () => {
      const { context, pub } = await startBuying(browser, baseURL, publicPath, `Theo Secure ${id}`, `theo.${id}@example.com`);
      try {
        const pay = pub.getByRole("button", { name: /^Pay / });
        await expect(pay).toBeEnabled({ timeout: 20_000 });
        await typeCard(pub, "4000 0027 6000 3184");
        await expect(pay).toBeInViewport({ ratio: 1 });
        await pay.click();
        await pub.waitForURL((u) => u.toString().startsWith(`${SANDBOX_URL}/stripe/elements/authenticate/`));
        await expect(pub.getByRole("heading", { name: "3D Secure 2 test page" })).toBeVisible();
        await keepScreenshot(pub, "payment-form-3ds.png", { fullPage: true });
        await pub.getByRole("button", { name: "Complete authentication" }).click();
        await pub.waitForURL(/\/e\/[^/]+\/orders\/[0-9a-f-]{36}\?.*redirect_status=succeeded/);
        await expect(pub.getByTestId("order-status")).toHaveText("Payment received: you're in!", { timeout: 30_000 });
      } finally {
        await context.close();
      }
    });

    await test.step("the event page's CSP admits none of the form's origins", async () => {
      const csp = (await page.request.get(publicPath)).headers()["content-security-policy"] ?? "";
      expect(csp).not.toContain("stripe.com");
    });
  } finally {
    await chooseForm(page, "Stripe's hosted Checkout page");
  }
});
