// The operations issue's scenario in one run: with the sandbox answering 500 to
// every Slack request, test messages fail until the circuit breaker opens; the
// catalog sums it up, Settings → Health shows the error rate and the open breaker
// in words over 24 hours and 7 days and leads to the failed calls; the owner gets
// the alert e-mail in the sandbox inbox exactly once; and after the fault clears a
// call succeeds, the breaker closes and the alert resolves, on the Health page and
// in the alert log. ALERT_BREAKER_OPEN_MS is 2 s in playwright.config.ts.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { connectSlack, disconnectIfConnected, expectNoA11yViolations, keepScreenshot, MEMBER_EMAIL, OWNER_EMAIL, signIn } from "./helpers";

const control = { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN };
const TITLE = "Slack is failing: calls are paused";

interface Mail {
  subject: string | null;
  envelope: { to: string[] };
}

async function mailsTitled(request: APIRequestContext, subject: string): Promise<Mail[]> {
  const inbox = (await (await request.get(`${SANDBOX_URL}/_sandbox/inbox.json`, { headers: control })).json()) as { smtp: { mails: Mail[] } };
  return inbox.smtp.mails.filter((m) => m.subject === subject && m.envelope.to.includes(OWNER_EMAIL));
}

function slackRow(page: Page) {
  return page.getByRole("table", { name: "Connections" }).getByRole("row").filter({ has: page.getByRole("link", { name: "Slack: errors in the call log" }) });
}

function healthAlert(page: Page) {
  return page.getByRole("region", { name: "Alerts" }).getByTestId("alert-incident").filter({ hasText: TITLE }).first();
}

/** One press of "Send a test message" on a freshly loaded Slack page, and what it answered. */
async function sendTest(page: Page): Promise<string> {
  await page.reload();
  await page.getByRole("button", { name: "Send a test message" }).click();
  const answer = page.getByRole("status").filter({ hasText: "Posted a test message" }).or(page.getByRole("alert").filter({ hasText: /^Failed: / }));
  await expect(answer).toBeVisible({ timeout: 30_000 });
  return (await answer.textContent()) ?? "";
}

test("a member gets the same refusal at Health as at every settings page", async ({ page }) => {
  await signIn(page, MEMBER_EMAIL);
  const response = await page.goto("/settings/health");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Owners and admins only" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Connections" })).toHaveCount(0);
});

test("Slack failing shows on Health, alerts the owner once, and resolves once Slack works again", async ({ page, request }) => {
  test.setTimeout(240_000);
  await signIn(page, OWNER_EMAIL);
  await request.delete(`${SANDBOX_URL}/_sandbox/faults`, { headers: control });
  await disconnectIfConnected(page, "Slack");
  await connectSlack(page, "#events");
  const before = (await mailsTitled(request, TITLE)).length;

  try {
    await test.step("the sandbox answers 500 to everything: test messages fail until the breaker refuses one", async () => {
      // Every Slack request: the page's own channel list is a call too, and a success would reset the breaker's count.
      const fault = await request.post(`${SANDBOX_URL}/_sandbox/faults`, { headers: control, data: { provider: "slack", kind: "status", status: 500, times: 0 } });
      expect(fault.ok()).toBe(true);
      await expect(async () => expect(await sendTest(page)).toMatch(/Circuit open/)).toPass({ timeout: 90_000 });
      await page.reload();
      await expect(page.getByTestId("breaker-state")).toHaveText("Open: calls are paused after repeated failures");
      const errorRate = page.getByText("Error rate", { exact: true }).locator("xpath=following-sibling::dd[1]");
      await expect(errorRate).toHaveText(/^\d+\.\d%$/);
      await expect(errorRate).not.toHaveText("0.0%");
    });

    await test.step("the catalog sums it up and links to Health", async () => {
      await page.goto("/settings/integrations");
      const summary = page.getByTestId("health-summary");
      await expect(summary).toContainText("need");
      await expect(summary).toContainText("1 breaker open");
      await keepScreenshot(page, "catalog-health-summary.png");
      await summary.getByRole("link", { name: "Open Health" }).click();
      await page.waitForURL(/\/settings\/health$/);
    });

    await test.step("Health shows the status, error rate and breaker in words, and the open alert", async () => {
      await expect(page.getByRole("heading", { level: 1, name: "Health" })).toBeVisible();
      const row = slackRow(page);
      await expect(row).toContainText("Needs attention");
      await expect(row).toContainText(/Circuit breaker open since/);
      await expect(row.getByTestId("breaker-state")).toContainText("Open: calls are paused after repeated failures");
      // Every attempt of the failed calls failed; refused calls are not attempts.
      await expect(row.getByTestId("error-rate")).toContainText(/^\d+%/);
      const rate = Number((await row.getByTestId("error-rate").innerText()).match(/^(\d+)%/)![1]);
      expect(rate).toBeGreaterThan(0);
      await expect(row).toContainText("refused");
      await expect(page.getByRole("region", { name: "Provider calls" })).toContainText("Last 24 h:");
      await expect(page.getByRole("link", { name: "Last 24 h" })).toHaveAttribute("aria-current", "page");
      // The alert opens once the breaker has been open for ALERT_BREAKER_OPEN_MS and an evaluation has run.
      await expect(async () => {
        await page.reload();
        await expect(healthAlert(page).getByText("Open", { exact: true })).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 30_000 });
      await expectNoA11yViolations(page);
      await keepScreenshot(page, "health-24h.png", { fullPage: true });
    });

    await test.step("switching to 7 days keeps the failures in view", async () => {
      await page.getByRole("link", { name: "Last 7 days" }).click();
      await page.waitForURL(/window=7d/);
      await expect(page.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");
      await expect(page.getByRole("columnheader", { name: "Calls (7 days)" })).toBeVisible();
      await expect(slackRow(page).getByTestId("breaker-state")).toContainText("Open");
      await expect(page.getByRole("region", { name: "Provider calls" })).toContainText("Last 7 days:");
      await keepScreenshot(page, "health-7d.png", { fullPage: true });
    });

    await test.step("the connection's name opens its call log with only the failures", async () => {
      await page.getByRole("link", { name: "Slack: errors in the call log" }).click();
      await page.waitForURL(/\/settings\/integrations\/slack\?log=errors/);
      await expect(page.getByText("Showing only calls that failed or were refused.")).toBeVisible();
      const log = page.getByRole("table", { name: "Recent failed and refused calls" });
      await expect(log).toContainText("chat.postMessage");
      const outcomes = await log.locator("tbody tr td:nth-child(3)").allInnerTexts();
      expect(outcomes.length).toBeGreaterThan(0);
      expect(outcomes.every((o) => o === "failure" || o === "rejected")).toBe(true);
      expect(outcomes).toContain("rejected");
      await page.getByRole("link", { name: "Show all calls" }).click();
      await expect(page.getByRole("table", { name: "Recent calls" })).toBeVisible();
      await expect(page.getByText("Showing only calls that failed or were refused.")).toHaveCount(0);
    });

    await test.step("the owner gets the alert e-mail once", async () => {
      await expect.poll(async () => (await mailsTitled(request, TITLE)).length - before, { timeout: 30_000, message: "the alert e-mail" }).toBe(1);
      // Slack is what fails, so the alert could not be posted there, and the log says why (once the notice job has run).
      await expect(async () => {
        await page.goto("/settings/alerts");
        const incident = page.getByTestId("alert-incident").filter({ hasText: TITLE }).first();
        await expect(incident.getByText("Open", { exact: true })).toBeVisible({ timeout: 1_000 });
        await expect(incident).toContainText(OWNER_EMAIL, { timeout: 1_000 });
        await expect(incident).toContainText("Not posted to Slack", { timeout: 1_000 });
      }).toPass({ timeout: 30_000 });
      // Evaluations keep running (each minute, and on every breaker change): still one e-mail.
      await page.waitForTimeout(3_000);
      expect((await mailsTitled(request, TITLE)).length - before).toBe(1);
    });
  } finally {
    await request.delete(`${SANDBOX_URL}/_sandbox/faults`, { headers: control });
  }

  await test.step("the fault clears and a call succeeds: the breaker closes and the alert resolves", async () => {
    await page.goto("/settings/integrations/slack");
    // Refused while the breaker is open (30 s); the first call after that is its test call, and succeeds.
    await expect(async () => expect(await sendTest(page)).toContain("Posted a test message")).toPass({ timeout: 60_000, intervals: [2_000] });
    await page.reload();
    await expect(page.getByTestId("breaker-state")).toHaveText("Closed: calls flow normally");
    await expect.poll(async () => (await mailsTitled(request, `Resolved: ${TITLE}`)).length, { timeout: 30_000, message: "the resolved e-mail" }).toBeGreaterThanOrEqual(1);
    await expect(async () => {
      await page.goto("/settings/health");
      await expect(slackRow(page).getByTestId("breaker-state")).toContainText("Closed", { timeout: 1_000 });
      await expect(healthAlert(page).getByText("Resolved", { exact: true })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await keepScreenshot(page, "health-resolved.png", { fullPage: true });
    await expect(async () => {
      await page.goto("/settings/alerts");
      const incident = page.getByTestId("alert-incident").filter({ hasText: TITLE }).first();
      await expect(incident.getByText("Resolved", { exact: true })).toBeVisible({ timeout: 1_000 });
      await expect(incident).toContainText("Posted to Slack.", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await keepScreenshot(page, "alerts-log.png", { fullPage: true });
    await expectNoA11yViolations(page);
    expect((await mailsTitled(request, TITLE)).length - before).toBe(1);
  });
});
