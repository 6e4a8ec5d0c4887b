// The "done means" for alerts: with the sandbox answering 500 to every
// Slack post, the connector page shows the error rate and the breaker open, the
// owner gets the alert e-mail in the sandbox inbox once, and after the fault
// clears and a call succeeds the alert resolves (a resolved e-mail, and the
// alert log says so). ALERT_BREAKER_OPEN_MS is 2 s in playwright.config.ts.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { connectSlack, disconnectIfConnected, expectNoA11yViolations, OWNER_EMAIL, signIn } from "./helpers";

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

/** One press of "Send a test message" on a freshly loaded Slack page, and what it answered. */
async function sendTest(page: Page): Promise<string> {
  await page.reload();
  await page.getByRole("button", { name: "Send a test message" }).click();
  const answer = page.getByRole("status").filter({ hasText: "Posted a test message" }).or(page.getByRole("alert").filter({ hasText: /^Failed: / }));
  await expect(answer).toBeVisible({ timeout: 30_000 });
  return (await answer.textContent()) ?? "";
}

test("Slack failing opens one alert, e-mailed to the owner once, resolved once Slack works again", async ({ page, request }) => {
  test.setTimeout(180_000);
  await signIn(page, OWNER_EMAIL);
  await request.delete(`${SANDBOX_URL}/_sandbox/faults`, { headers: control });
  await disconnectIfConnected(page, "Slack");
  await connectSlack(page, "#events");
  const before = (await mailsTitled(request, TITLE)).length;

  await test.step("the sandbox answers 500 to everything: failed calls open the breaker", async () => {
    // Every Slack request: the page's own channel list is a call too, and a success would reset the breaker's count.
    const fault = await request.post(`${SANDBOX_URL}/_sandbox/faults`, { headers: control, data: { provider: "slack", kind: "status", status: 500, times: 0 } });
    expect(fault.ok()).toBe(true);
    for (let i = 0; i < 5; i++) expect(await sendTest(page)).toMatch(/^Failed: /);
    await page.reload();
    await expect(page.getByTestId("breaker-state")).toHaveText("Open: calls are paused after repeated failures");
    const errorRate = page.getByText("Error rate", { exact: true }).locator("xpath=following-sibling::dd[1]");
    await expect(errorRate).toHaveText(/^\d+\.\d%$/);
    await expect(errorRate).not.toHaveText("0.0%");
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

  await test.step("the fault clears and a call succeeds: the alert resolves", async () => {
    await request.delete(`${SANDBOX_URL}/_sandbox/faults`, { headers: control });
    await page.goto("/settings/integrations/slack");
    // Refused while the breaker is open (30 s); the first call after that is its test call, and succeeds.
    await expect(async () => expect(await sendTest(page)).toContain("Posted a test message")).toPass({ timeout: 60_000, intervals: [2_000] });
    await expect.poll(async () => (await mailsTitled(request, `Resolved: ${TITLE}`)).length, { timeout: 30_000, message: "the resolved e-mail" }).toBeGreaterThanOrEqual(1);
    await expect(async () => {
      await page.goto("/settings/alerts");
      const incident = page.getByTestId("alert-incident").filter({ hasText: TITLE }).first();
      await expect(incident.getByText("Resolved", { exact: true })).toBeVisible({ timeout: 1_000 });
      await expect(incident).toContainText("Posted to Slack.", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.screenshot({ path: "test-results/e2e/alerts-log.png", fullPage: true });
    await expectNoA11yViolations(page);
    expect((await mailsTitled(request, TITLE)).length - before).toBe(1);
  });
});
