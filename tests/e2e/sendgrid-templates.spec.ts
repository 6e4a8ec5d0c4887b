// An admin chooses one of the SendGrid account's dynamic templates for the order
// confirmation on the connector page, an attendee registers, and the sandbox inbox
// shows the confirmation rendered from that template with the order's values.
import { expect, test } from "@playwright/test";
import { SANDBOX_URL } from "../../playwright.config";
import { addTicketType, createEvent, expectNoA11yViolations, keepScreenshot, openConnector, OWNER_EMAIL, publish, signIn, unique } from "./helpers";

const CONFIRMATION = "Order confirmation: SendGrid dynamic template";
const REMINDER = "Event reminder: SendGrid dynamic template";
const OURS = "Switchboard's template (edited below)";

test("an admin sends the confirmation with a SendGrid dynamic template and sees it rendered in the sandbox inbox", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const id = unique();
  const title = `Template Night ${id}`;
  await signIn(page, OWNER_EMAIL);

  await test.step("connected, each message has a select of the account's dynamic templates", async () => {
    await openConnector(page, "SendGrid");
    // Another test of this run may have connected SendGrid already; its key serves as well.
    if (!(await page.getByText(/^Saved key: /).isVisible())) {
      const form = page.getByRole("form", { name: "Credentials" });
      await form.getByLabel("API key").fill("SG.e2e-templates.key67890");
      await form.getByRole("button", { name: "Save and test" }).click();
      await expect(form.getByRole("status")).toContainText("Connected.");
      await page.reload();
    }
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel("Sender e-mail").fill("tickets@demo.example");
    for (const label of [CONFIRMATION, REMINDER]) {
      const select = settings.getByLabel(label);
      await expect(select).toHaveValue("");
      await expect(select.locator("option")).toHaveText([OURS, "Event reminder (branded)", "Spring newsletter (draft) (no active version: Switchboard's template is sent)", "Ticket confirmation (branded)"]);
    }
    await expect(settings.getByText("The template gets {{buyer_name}} {{event_title}}", { exact: false })).toBeVisible();
    await settings.getByLabel(CONFIRMATION).selectOption({ label: "Ticket confirmation (branded)" });
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
    await page.reload();
    await expect(page.getByRole("form", { name: "Settings" }).getByLabel(CONFIRMATION).locator("option:checked")).toHaveText("Ticket confirmation (branded)");
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "sendgrid-settings.png", { fullPage: true });
  });

  await test.step("an attendee registers and the confirmation comes from the chosen template", async () => {
    await createEvent(page, { title, venue: "Kaufleuten, Zurich" });
    await addTicketType(page, { name: "General", price: "0", currency: "EUR", quantity: 20 });
    const publicPath = await publish(page);
    const attendee = await browser.newContext({ baseURL });
    try {
      const pub = await attendee.newPage();
      await pub.goto(publicPath);
      const form = pub.getByRole("form", { name: "Order tickets" });
      await form.getByLabel("Your name").fill("Tara Template");
      await form.getByLabel("E-mail").fill(`tara.${id}@example.com`);
      await form.getByRole("button", { name: "Register" }).click();
      await expect(pub.getByRole("status")).toContainText("You're registered.");
    } finally {
      await attendee.close();
    }
    const inbox = await page.context().newPage();
    await expect(async () => {
      await inbox.goto(`${SANDBOX_URL}/?only=email`);
      await expect(inbox.locator("#email")).toContainText(`${title}: your tickets are confirmed`, { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    const mail = inbox.locator("#email .card").filter({ hasText: `${title}: your tickets are confirmed` }).first();
    await expect(mail).toContainText("event.ics");
    await expect(mail.frameLocator("iframe.mail-body").getByRole("heading", { name: "Thanks, Tara Template!" })).toBeVisible();
    await keepScreenshot(inbox, "sandbox-inbox-template.png", { fullPage: true });
    await inbox.close();
  });

  await test.step("back to Switchboard's template, as the other tests expect", async () => {
    await openConnector(page, "SendGrid");
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel(CONFIRMATION).selectOption({ label: OURS });
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Settings saved.");
  });
});
