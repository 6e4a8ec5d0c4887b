// What several end-to-end tests do the way a person does it: sign in, create an
// event through the form, add a ticket type, publish. Everything goes through the
// UI with accessible locators, so these helpers break when the UI does.
import { request as httpRequest } from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Cookie, type Locator, type Page } from "@playwright/test";

// The webServer in playwright.config.ts seeds the demo organization with this password.
export const DEMO_PASSWORD = "e2e-demo-password";
export const OWNER_EMAIL = "admin@demo.switchboard.test";
export const MEMBER_EMAIL = "member@demo.switchboard.test";

/** A suffix that keeps titles, names and e-mails apart between tests and runs. */
export function unique(): string {
  return `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

/** `YYYY-MM-DDTHH:mm`, the value a datetime-local input takes, `days` from now at `hour`:00 (UTC clock). */
export function localDateTime(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().slice(0, 16);
}

/**
 * Sessions this run has made, by e-mail and password. The form is filled the first
 * time a person signs in; later tests start from that session's cookie, as
 * Playwright's own storageState does, which saves seconds per test (a bcrypt
 * compare and two page loads). A session the server no longer accepts falls back to
 * the form, so what a test sees does not depend on the order tests ran in.
 */
const sessions = new Map<string, Cookie[]>();

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  const key = `${email}\n${password}`;
  const saved = sessions.get(key);
  if (saved) {
    await page.context().addCookies(saved);
    await page.goto("/events");
    if (new URL(page.url()).pathname === "/events") {
      await expect(page.getByRole("heading", { name: "Events", exact: true })).toBeVisible();
      return;
    }
    sessions.delete(key);
    await page.context().clearCookies();
  }
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in to Switchboard" })).toBeVisible();
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/events$/);
  await expect(page.getByRole("heading", { name: "Events", exact: true })).toBeVisible();
  sessions.set(key, (await page.context().cookies()).filter((c) => c.name.endsWith("next-auth.session-token")));
}

export interface NewEvent {
  title: string;
  venue?: string;
  description?: string;
  startsAt?: string;
  endsAt?: string;
  timeZone?: string;
  capacity?: number;
}

/** Fills /events/new and submits it; returns the new event's id once its page is shown. */
export async function createEvent(page: Page, e: NewEvent): Promise<string> {
  await page.goto("/events/new");
  await expect(page.getByRole("heading", { name: "New event" })).toBeVisible();
  await page.getByLabel("Title").fill(e.title);
  if (e.description !== undefined) await page.getByLabel("Description").fill(e.description);
  await page.getByLabel("Venue").fill(e.venue ?? "Volkshaus, Zurich");
  await page.getByLabel("Starts").fill(e.startsAt ?? localDateTime(30, 18));
  await page.getByLabel("Ends").fill(e.endsAt ?? localDateTime(30, 21));
  await page.getByLabel("Time zone").fill(e.timeZone ?? "Europe/Zurich");
  await page.getByLabel("Capacity").fill(String(e.capacity ?? 100));
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: e.title })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/").pop();
  if (!id) throw new Error(`No event id in ${page.url()}`);
  return id;
}

/** On an event's admin page: adds a ticket type through the "Add a ticket type" form. */
export async function addTicketType(page: Page, t: { name: string; price: string; currency: string; quantity: number }): Promise<void> {
  const form = page.getByRole("form", { name: "Add a ticket type" });
  await form.getByLabel("Ticket name").fill(t.name);
  await form.getByLabel("Price").fill(t.price);
  await form.getByLabel("Currency").fill(t.currency);
  await form.getByLabel("Quantity").fill(String(t.quantity));
  await form.getByRole("button", { name: "Add ticket type" }).click();
  await expect(form.getByRole("status")).toHaveText(`Added ${t.name}.`);
  const tickets = page.getByRole("region", { name: "Ticket types" });
  await expect(tickets.getByRole("listitem").filter({ hasText: t.name })).toContainText(`0 / ${t.quantity} taken`);
}

/** On an event's admin page: publishes it and returns the public page's path (/e/<slug>). */
export async function publish(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Publish" }).click();
  // The Publish button (and the message beside it) goes away once the event is
  // published; the status badge and the public page link show the outcome.
  await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
  await expect(page.getByRole("main").getByText("published", { exact: true })).toBeVisible();
  const link = page.getByRole("link", { name: "Public page" });
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/e\/[^/]+$/);
  return href!;
}

/** From the integrations catalog to one connector's page. */
export async function openConnector(page: Page, name: string): Promise<void> {
  await page.goto("/settings/integrations");
  await page.getByRole("link", { name: new RegExp(`^${name}:`) }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/**
 * Starts a first-connection flow where a first-time admin starts: specs share one
 * organization, and another spec of the run may have connected the provider already.
 */
export async function disconnectIfConnected(page: Page, name: string): Promise<void> {
  await page.goto("/settings/integrations");
  if (await page.getByRole("link", { name: new RegExp(`^${name}: not connected`) }).count()) return;
  await openConnector(page, name);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Disconnect" }).click();
  // While the action runs the button reads "Working…": wait until the page shows its outcome, not just the label changing.
  await expect(page.getByRole("button", { name: /^(Disconnect|Working…)$/ })).toHaveCount(0, { timeout: 20_000 });
  await page.goto("/settings/integrations");
  await expect(page.getByRole("link", { name: new RegExp(`^${name}: not connected`) })).toBeVisible();
}

/** Connects SendGrid in sandbox mode with a sender, unless an earlier spec of the run already did. */
export async function ensureSendGrid(page: Page, apiKey: string): Promise<void> {
  await page.goto("/settings/integrations");
  if (!(await page.getByRole("link", { name: /^SendGrid: not connected/ }).count())) return;
  await openConnector(page, "SendGrid");
  const form = page.getByRole("form", { name: "Credentials" });
  await form.getByLabel("API key").fill(apiKey);
  await form.getByRole("button", { name: "Save and test" }).click();
  await expect(form.getByRole("status")).toContainText("Connected.");
  const settings = page.getByRole("form", { name: "Settings" });
  await settings.getByLabel("Sender e-mail").fill("tickets@demo.example");
  await settings.getByLabel("Sender name").fill("Demo Events");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByRole("status")).toHaveText("Settings saved.");
}

/** On a sandbox OAuth consent screen: grant what is asked. */
export async function allowOnConsentScreen(page: Page): Promise<void> {
  await expect(page.getByRole("button", { name: "Allow" })).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();
}

/** Installs Slack through the sandbox's consent screen and picks the default channel. */
export async function connectSlack(page: Page, channel = "#events"): Promise<void> {
  await openConnector(page, "Slack");
  await page.getByRole("link", { name: "Connect Slack" }).click();
  await allowOnConsentScreen(page);
  await expect(page.getByRole("status").filter({ hasText: "Connected to Slack as" })).toBeVisible();
  const settings = page.getByRole("form", { name: "Settings" });
  await settings.getByLabel("Default channel").selectOption({ label: channel });
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByRole("status")).toHaveText("Settings saved.");
}

/**
 * A picture of a page or section for a person to look at, kept with the test's output.
 * Only with E2E_SCREENSHOTS=1 (`npm run test:e2e:screenshots`): each is a full software
 * render of the page, and the suite asserts nothing on them, so `npm test` does not pay for them.
 */
export async function keepScreenshot(target: Page | Locator, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.E2E_SCREENSHOTS !== "1") return;
  await target.screenshot({ path: test.info().outputPath(name), ...opts });
}

/** The WCAG 2.0 and 2.1 level A and AA rules; no rule is switched off. */
const WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe-core over the page as it is now and records every WCAG A/AA violation
 * (rule, help text and each offending element) against the page's path. The
 * check is soft, so one run reports every page that fails, and the test fails at its end.
 */
export async function expectNoA11yViolations(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  // After a client-side navigation (a form's redirect) the load event has long fired,
  // and Next.js sets the new page's <title> when its payload arrives. Wait for the page
  // to have one; a page that never gets one is still reported by axe below.
  await page.waitForFunction(() => document.title.trim() !== "", null, { timeout: 5_000 }).catch(() => {});
  const results = await new AxeBuilder({ page })
    .withTags(WCAG_AA_TAGS)
    // Inside a sandboxed frame (the e-mail template preview) no script runs, so axe
    // cannot either; that frame shows the organization's own e-mail HTML. The
    // <iframe> element itself is still checked.
    .exclude({ fromFrames: ["iframe[sandbox]", "html"] })
    // One run inside the page itself: the default mode finishes in a second, blank
    // page of the same context, which never opens while a sandboxed frame is shown.
    .setLegacyMode(true)
    .analyze();
  const found = results.violations.map((v) => ({
    rule: v.id,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`),
  }));
  expect.soft(found, `accessibility violations on ${new URL(page.url()).pathname}`).toEqual([]);
}

/**
 * A POST from another loopback address than the browser's (127.0.0.1), so the
 * per-address budget of public registrations it spends is its own: specs whose
 * subject is not the registration form register their attendees this way and leave
 * the browser's budget to the specs that fill the form.
 */
export function postFrom(localAddress: string, url: URL, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port: url.port, path: url.pathname, method: "POST", localAddress, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

/** Connects Stripe with test keys, unless another spec of the run already did (specs share one organization). */
export async function ensureStripe(page: Page): Promise<void> {
  await page.goto("/settings/integrations");
  if (!(await page.getByRole("link", { name: /^Stripe: not connected/ }).count())) return;
  await openConnector(page, "Stripe");
  const form = page.getByRole("form", { name: "Credentials" });
  await form.getByLabel("Secret key").fill("sk_test_e2eSharedStripe000000000");
  await form.getByLabel("Publishable key").fill("pk_test_e2eSharedStripe000000000");
  await form.getByRole("button", { name: /Save and test|Replace and test/ }).click();
  await expect(form.getByRole("status")).toContainText("Connected.");
}

/** On the sandbox's Checkout page: pays with the test card that succeeds and waits for the order page to confirm. */
export async function payOnSandboxCheckout(page: Page, nameOnCard: string): Promise<void> {
  await page.waitForURL(/\/checkout\/pay\//);
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Name on card").fill(nameOnCard);
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  await page.waitForURL(/\/e\/[^/]+\/orders\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("order-status")).toHaveText("Payment received: you're in!", { timeout: 30_000 });
}
