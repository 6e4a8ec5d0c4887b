// An admin adds an outbound webhook endpoint, copies its signing secret (shown
// once), sends a test event and sees the attempt logged. The receiver here is
// the organization's own system: it verifies every message with the
// standardwebhooks package and the secret the page showed.
import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { RECEIVER_PORT } from "../../playwright.config";
import { expectNoA11yViolations, keepScreenshot, OWNER_EMAIL, signIn } from "./helpers";

interface Received {
  id: string;
  verified: boolean;
  type: string | null;
}

let server: Server;
let secret = "";
const received: Received[] = [];

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified = false;
      let type: string | null = null;
      try {
        type = (new Webhook(secret).verify(body, headers) as { type: string }).type;
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ id: headers["webhook-id"] ?? "", verified, type });
      res.writeHead(verified ? 200 : 401, { "content-type": "text/plain" }).end(verified ? "verified by the e2e receiver" : "bad signature");
    });
  });
  await new Promise<void>((resolve) => server.listen(RECEIVER_PORT, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test("an admin adds an endpoint, sends a test event, and sees the signed delivery logged", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, OWNER_EMAIL);
  await page.goto("/settings/webhooks");
  const form = page.getByRole("form", { name: "Add endpoint" });

  await test.step("a private address is refused on its field, and what was typed is kept", async () => {
    await form.getByLabel("Endpoint URL").fill("http://169.254.169.254/latest/meta-data");
    await form.getByLabel("Description").fill("Cloud metadata");
    await form.getByLabel("ticket.purchased").check();
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(form.getByRole("alert").first()).toBeVisible();
    await expect(form.getByLabel("Description")).toHaveValue("Cloud metadata");
    await expect(form.getByLabel("ticket.purchased")).toBeChecked();
  });

  let endpointSecret = "";
  await test.step("the receiver's endpoint is added and its secret shown once", async () => {
    await form.getByLabel("Endpoint URL").fill(`http://127.0.0.1:${RECEIVER_PORT}/hooks`);
    await form.getByLabel("Description").fill("E2E receiver");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    const shown = page.getByTestId("endpoint-secret");
    await expect(shown).toHaveText(/^whsec_/);
    endpointSecret = (await shown.textContent())!.trim();
    secret = endpointSecret;
    await page.getByRole("link", { name: "Open the endpoint" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `http://127.0.0.1:${RECEIVER_PORT}/hooks` })).toBeVisible();
    // Afterwards the page shows a masked hint only.
    expect(await page.content()).not.toContain(endpointSecret);
  });

  await test.step("a test event is delivered, verified by the receiver, and its attempt logged", async () => {
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText(/Test event msg_\S+ queued/)).toBeVisible();
    const attempts = page.getByRole("table", { name: "Attempts" });
    await expect(async () => {
      await page.reload();
      await expect(attempts.getByTestId("attempt-row").first()).toContainText("200", { timeout: 500 });
    }).toPass({ timeout: 30_000, intervals: [500, 1000] });
    const row = attempts.getByTestId("attempt-row").first();
    await expect(row).toContainText("webhook.test");
    const msgId = (await row.locator("code").first().textContent())!.trim();
    expect(received.filter((r) => r.id === msgId)).toEqual([{ id: msgId, verified: true, type: "webhook.test" }]);
    await row.locator("summary").click();
    await expect(row).toContainText("verified by the e2e receiver");
    // The logged request headers keep the webhook id, never the signature.
    await expect(row.getByLabel("Request headers")).toContainText(msgId);
    await expectNoA11yViolations(page);
    await keepScreenshot(page, "endpoint-attempts.png", { fullPage: true });
    const logged = row.getByLabel("Request headers");
    await expect(logged).toContainText('"webhook-signature": "v1,<redacted>"');
    await expect(logged).not.toContainText(/v1,[A-Za-z0-9+/=]{20,}/);
  });
});
