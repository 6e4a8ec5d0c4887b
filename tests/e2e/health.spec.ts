// An admin watches a failing connection on Settings → Health: the sandbox answers
// Slack's API with 500s, the test messages fail until the circuit breaker opens,
// and the Health page says so in words, over 24 hours and over 7 days, and leads
// to the connector's call log filtered to the failures. Once the fault is gone a
// test call closes the breaker again, so later specs find Slack working.
import { expect, test, type Page } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { connectSlack, disconnectIfConnected, expectNoA11yViolations, MEMBER_EMAIL, openConnector, OWNER_EMAIL, signIn } from "./helpers";

const control = { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN };

function slackRow(page: Page) {
  return page.getByRole("table", { name: "Connections" }).getByRole("row").filter({ has: page.getByRole("link", { name: "Slack: errors in the call log" }) });
}

test("a member gets the same refusal at Health as at every settings page", async ({ page }) => {
  await signIn(page, MEMBER_EMAIL);
  const response = await page.goto("/settings/health");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Owners and admins only" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Connections" })).toHaveCount(0);
});

test("the Health page shows a failing connection's error rate and open breaker, and leads to its failed calls", async ({ page, request }) => {
  test.setTimeout(180_000);
  await signIn(page, OWNER_EMAIL);
  await disconnectIfConnected(page, "Slack");
  await connectSlack(page, "#events");

  const added = await request.post(`${SANDBOX_URL}/_sandbox/faults`, { headers: control, data: { provider: "slack", kind: "status", status: 500, times: 1000 } });
  expect(added.status()).toBe(201);
  const fault = (await added.json()) as { id: string };
  try {
    await test.step("test messages fail until the breaker opens and refuses the next one", async () => {
      // Each click is a call of up to three failing attempts; after enough of them in a row the breaker refuses the next.
      await expect(async () => {
        await page.getByRole("button", { name: "Send a test message" }).click();
        await expect(page.getByRole("alert").filter({ hasText: "Circuit open" })).toBeVisible({ timeout: 10_000 });
      }).toPass({ timeout: 90_000 });
      await page.reload();
      await expect(page.getByTestId("breaker-state")).toHaveText("Open: calls are paused after repeated failures");
    });

    await test.step("the catalog sums it up and links to Health", async () => {
      await page.goto("/settings/integrations");
      const summary = page.getByTestId("health-summary");
      await expect(summary).toContainText("need");
      await expect(summary).toContainText("1 breaker open");
      await page.screenshot({ path: test.info().outputPath("catalog-health-summary.png"), fullPage: false });
      await summary.getByRole("link", { name: "Open Health" }).click();
      await page.waitForURL(/\/settings\/health$/);
    });

    await test.step("Health shows the status, error rate and breaker in words", async () => {
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
      await expectNoA11yViolations(page);
      await page.screenshot({ path: test.info().outputPath("health-24h.png"), fullPage: true });
    });

    await test.step("switching to 7 days keeps the failures in view", async () => {
      await page.getByRole("link", { name: "Last 7 days" }).click();
      await page.waitForURL(/window=7d/);
      await expect(page.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");
      await expect(page.getByRole("columnheader", { name: "Calls (7 days)" })).toBeVisible();
      await expect(slackRow(page).getByTestId("breaker-state")).toContainText("Open");
      await expect(page.getByRole("region", { name: "Provider calls" })).toContainText("Last 7 days:");
      await page.screenshot({ path: test.info().outputPath("health-7d.png"), fullPage: true });
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
  } finally {
    await request.delete(`${SANDBOX_URL}/_sandbox/faults/${fault.id}`, { headers: control });
  }

  await test.step("with the fault gone, a test call closes the breaker", async () => {
    await openConnector(page, "Slack");
    // The breaker lets a test call through once its half-open delay has passed.
    await expect(async () => {
      await page.getByRole("button", { name: "Test connection" }).click();
      await expect(page.getByRole("button", { name: "Test connection" })).toBeEnabled();
      await page.reload();
      await expect(page.getByTestId("breaker-state")).toHaveText("Closed: calls flow normally", { timeout: 1_000 });
    }).toPass({ timeout: 90_000, intervals: [2_000, 5_000] });
  });
});
