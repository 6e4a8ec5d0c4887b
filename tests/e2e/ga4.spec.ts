// An admin connects Google Analytics 4 in sandbox mode; on the public event page a
// visitor is asked before anything from Google loads: Decline loads nothing (and
// is remembered), Accept loads the tag, which reports a page view; the visitor's
// purchase reaches the sandbox's Measurement Protocol under the same client id.
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { SANDBOX_URL } from "../../playwright.config";
import { addTicketType, createEvent, disconnectIfConnected, ensureStripe, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, payOnSandboxCheckout, publish, signIn, unique } from "./helpers";

const MEASUREMENT_ID = "G-E2ESWITCH1";

interface Ga4Inbox {
  hits: Array<{ measurementId: string; clientId: string; events: Array<{ name: string; params: Record<string, unknown> }> }>;
  pageViews: Array<{ measurementId: string; clientId: string; title: string }>;
}

async function ga4(page: Page): Promise<Ga4Inbox> {
  return ((await (await page.request.get(`${SANDBOX_URL}/_sandbox/inbox.json`)).json()) as { ga4: Ga4Inbox }).ga4;
}

/** Every request the page makes to the tag's script, from the moment the context opens. */
function tagRequests(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on("request", (r) => {
    if (r.url().startsWith(`${SANDBOX_URL}/ga4/`)) seen.push(r.url());
  });
  return seen;
}

test("the public page loads the Google tag only after consent, and a purchase reaches Google Analytics", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const id = unique();
  const title = `Measured Night ${id}`;
  const buyer = `Gus Gauge ${id}`;
  await signIn(page, OWNER_EMAIL);
  await ensureStripe(page);

  await test.step("the admin connects Google Analytics 4 with a measurement id and API secret", async () => {
    await disconnectIfConnected(page, "Google Analytics 4");
    await openConnector(page, "Google Analytics 4");
    const form = page.getByRole("form", { name: "Credentials" });
    await form.getByLabel("Measurement ID").fill("UA-1234-1");
    await form.getByLabel("Measurement Protocol API secret").fill("e2eFakeSecret_0123456789");
    await form.getByRole("button", { name: "Save and test" }).click();
    await expect(form.getByText(/A measurement id looks like G-XXXXXXXXXX/)).toBeVisible();
    await form.getByLabel("Measurement ID").fill(MEASUREMENT_ID);
    await form.getByRole("button", { name: "Save and test" }).click();
    await expect(form.getByRole("status")).toContainText("Connected.");
  });

  let publicPath = "";
  try {
    await test.step("the admin publishes an event with a paid ticket type", async () => {
      await createEvent(page, { title, venue: "Volkshaus, Zurich" });
      await addTicketType(page, { name: "Standard", price: "25.00", currency: "CHF", quantity: 10 });
      publicPath = await publish(page);
    });

    await test.step("a visitor who declines: nothing from Google loads, now or on the next visit", async () => {
      const context = await browser.newContext({ baseURL });
      const seen = tagRequests(context);
      const pub = await context.newPage();
      try {
        await pub.goto(publicPath);
        const banner = pub.getByRole("region", { name: "Analytics consent" });
        await expect(banner).toContainText("Google Analytics");
        await pub.waitForLoadState("networkidle");
        expect(seen).toEqual([]);
        expect(await pub.evaluate(() => "dataLayer" in window)).toBe(false);
        await expectNoA11yViolations(pub);
        await keepScreenshot(pub, "ga4-consent-banner.png", { fullPage: true });
        await banner.getByRole("button", { name: "Decline" }).click();
        await expect(banner).toHaveCount(0);
        await pub.reload();
        await expect(pub.getByRole("heading", { level: 1, name: title })).toBeVisible();
        await pub.waitForLoadState("networkidle");
        await expect(pub.getByRole("region", { name: "Analytics consent" })).toHaveCount(0);
        expect(seen).toEqual([]);
        expect(await pub.context().cookies()).not.toContainEqual(expect.objectContaining({ name: "_ga" }));
      } finally {
        await context.close();
      }
    });

    await test.step("a visitor who accepts: the tag loads, reports the page view, and the purchase arrives under the same client id", async () => {
      const context = await browser.newContext({ baseURL });
      const seen = tagRequests(context);
      const pub = await context.newPage();
      try {
        await pub.goto(publicPath);
        await pub.waitForLoadState("networkidle");
        expect(seen).toEqual([]);
        await pub.getByRole("region", { name: "Analytics consent" }).getByRole("button", { name: "Accept" }).click();
        await expect.poll(() => seen.filter((u) => u.includes("/ga4/gtag/js?id=")).length).toBe(1);
        await expect.poll(async () => (await ga4(page)).pageViews.filter((v) => v.title.includes(title) || v.measurementId === MEASUREMENT_ID).length).toBeGreaterThan(0);
        const cookie = (await context.cookies()).find((c) => c.name === "_ga");
        expect(cookie?.value).toMatch(/^GA1\.1\.\d+\.\d+$/);
        const clientId = cookie!.value.split(".").slice(-2).join(".");
        expect((await ga4(page)).pageViews.some((v) => v.clientId === clientId)).toBe(true);

        // Remembered: no banner on the next visit, and the tag loads at once.
        await pub.reload();
        await expect(pub.getByRole("heading", { level: 1, name: title })).toBeVisible();
        await expect(pub.getByRole("region", { name: "Analytics consent" })).toHaveCount(0);
        await expect.poll(() => seen.filter((u) => u.includes("/ga4/gtag/js?id=")).length).toBe(2);

        const form = pub.getByRole("form", { name: "Order tickets" });
        await form.getByLabel("Quantity of Standard").fill("2");
        await form.getByLabel("Your name").fill(buyer);
        await form.getByLabel("E-mail").fill(`gus.${id}@example.com`);
        await form.getByRole("button", { name: "Continue to payment" }).click();
        await payOnSandboxCheckout(pub, buyer);

        await expect
          .poll(async () => (await ga4(page)).hits.find((h) => h.events.some((e) => e.name === "purchase" && e.params.value === 50 && h.clientId === clientId)), { timeout: 30_000 })
          .toBeTruthy();
        const purchase = (await ga4(page)).hits.find((h) => h.clientId === clientId)!;
        expect(purchase.measurementId).toBe(MEASUREMENT_ID);
        expect(purchase.events[0]!.params).toMatchObject({ currency: "CHF", value: 50, items: [{ item_name: "Standard", price: 25, quantity: 2 }] });

        const inbox = await context.newPage();
        await inbox.goto(`${SANDBOX_URL}/?only=analytics`);
        await expect(inbox.locator("#analytics")).toContainText("purchase");
        await keepScreenshot(inbox, "ga4-sandbox-inbox.png", { fullPage: true });
      } finally {
        await context.close();
      }
    });
  } finally {
    // Specs share one organization: the banner must not sit over another spec's public page.
    await disconnectIfConnected(page, "Google Analytics 4");
  }
});
