// Single sign-on through the sandbox's Google, GitHub and Microsoft: a person with an
// account signs in with each, choosing who they are on the provider's page; and each
// refusal of lib/auth/oauth-link.ts ends on /login with its own message: no account,
// an address the provider has not verified, a Microsoft directory this Switchboard
// does not accept (the e2e server allows only the sandbox's home tenant), and a
// provider identity already linked to another account.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";
import { expectNoA11yViolations, MEMBER_EMAIL, OWNER_EMAIL, unique } from "./helpers";

const control = { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN };

/** Starts "Continue with <provider>" on /login, picks the account on the sandbox's page, allows. */
async function continueWith(page: Page, provider: "Google" | "GitHub" | "Microsoft", account: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: `Continue with ${provider}` }).click();
  await page.waitForURL((url) => url.href.startsWith(SANDBOX_URL));
  await expect(page.getByRole("group", { name: "Choose an account" })).toBeVisible();
  await page.getByLabel(account).check();
  await page.getByRole("button", { name: "Allow" }).click();
}

async function expectSignedIn(page: Page): Promise<void> {
  await page.waitForURL(/\/events$/);
  await expect(page.getByRole("heading", { name: "Events", exact: true })).toBeVisible();
}

async function expectRefused(page: Page, error: string, message: string | RegExp): Promise<void> {
  await page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("error") === error);
  await expect(page.getByText(message)).toBeVisible();
  // Refused means no session: the admin pages still send the person to sign in.
  await page.goto("/events");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fevents$/);
}

async function googlePerson(request: APIRequestContext, person: { sub?: string; email: string; emailVerified?: boolean; name: string }): Promise<{ sub: string }> {
  const res = await request.post(`${SANDBOX_URL}/_sandbox/google-calendar/people`, { headers: control, data: person });
  expect(res.status()).toBe(200);
  return (await res.json()) as { sub: string };
}

test.describe("a person with an account signs in", () => {
  test("with Google", async ({ page }) => {
    await continueWith(page, "Google", `${OWNER_EMAIL} (Demo Admin)`);
    await expectSignedIn(page);
  });

  test("with GitHub (its primary, verified address)", async ({ page }) => {
    await continueWith(page, "GitHub", "demo-admin (Demo Admin), admin@demo.switchboard.test");
    await expectSignedIn(page);
  });

  test("with Microsoft, from the directory this Switchboard accepts", async ({ page }) => {
    await continueWith(page, "Microsoft", `${OWNER_EMAIL} (Demo Admin), Contoso (sandbox)`);
    await expectSignedIn(page);
  });
});

test.describe("sign-in refusals, each explained on /login", () => {
  test("no account: NotInvited", async ({ page, request }) => {
    const email = `stranger-${unique()}@example.test`;
    await googlePerson(request, { email, name: "Sandbox Stranger" });
    await continueWith(page, "Google", `${email} (Sandbox Stranger)`);
    await expectRefused(page, "NotInvited", "That account is not a member of any organization on Switchboard. Ask an admin to add you.");
    await expectNoA11yViolations(page);
  });

  test("an address Google has not verified", async ({ page }) => {
    await continueWith(page, "Google", `${MEMBER_EMAIL} (Demo Member), address not verified`);
    await expectRefused(page, "EmailNotVerified", "Google has not verified the e-mail address of that account, so it cannot sign you in.");
  });

  test("a GitHub account whose primary address is not verified", async ({ page }) => {
    await continueWith(page, "GitHub", "demo-member (Demo Member), member@demo.switchboard.test, not verified");
    await expectRefused(page, "EmailNotVerified", /Make a verified address your primary one on GitHub/);
  });

  test("a Microsoft account from another directory, even with the owner's address", async ({ page }) => {
    await continueWith(page, "Microsoft", `${OWNER_EMAIL} (Fabrikam User), Fabrikam (sandbox)`);
    await expectRefused(page, "TenantNotAllowed", "That Microsoft account belongs to an organization this Switchboard does not accept.");
  });

  test("a Google identity already linked to another account", async ({ page, request }) => {
    const tag = unique();
    // First it signs in as the owner, which links it to the owner's account...
    const { sub } = await googlePerson(request, { email: OWNER_EMAIL, name: `Linked ${tag}` });
    await continueWith(page, "Google", `${OWNER_EMAIL} (Linked ${tag})`);
    await expectSignedIn(page);
    await page.context().clearCookies();
    // ...then its address changes at Google to the member's: it still may not open the member's account.
    await googlePerson(request, { sub, email: MEMBER_EMAIL, name: `Linked ${tag}` });
    await continueWith(page, "Google", `${MEMBER_EMAIL} (Linked ${tag})`);
    await expectRefused(page, "IdentityLinkedElsewhere", "That Google account is linked to a different Switchboard account.");
  });
});
