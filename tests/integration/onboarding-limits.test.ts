// The account forms under abuse, through the real route handlers: sign-ups,
// password links and new confirmation links are limited per client address and
// per e-mail address (429 with Retry-After and a sentence), a form sent back for
// a typo does not count, and a used-up limit answers an address with an account
// and one without alike. Limits are set low through the environment, as an
// operator would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTP_VARIABLES } from "@/lib/mailer/config";
import { useIntegrationHarness } from "../helpers/integration-harness";

const { t, sandbox } = useIntegrationHarness();

const ENV = { OPEN_SIGNUP: "on", TRUST_PROXY_HOPS: "1", RATE_LIMIT_ACCOUNT_IP: "4/600", RATE_LIMIT_ACCOUNT_EMAIL: "2/600" };
type Handler = (req: Request) => Promise<Response>;
let signup: Handler;
let forgot: Handler;
let resend: Handler;

beforeAll(async () => {
  Object.assign(process.env, ENV, sandbox.appEnv, { DATABASE_URL: t.url });
  signup = (await import("@/app/api/accounts/signup/route")).POST;
  forgot = (await import("@/app/api/accounts/password-reset/route")).POST;
  resend = (await import("@/app/api/accounts/verification/route")).POST;
});
afterAll(async () => {
  for (const name of [...SMTP_VARIABLES, ...Object.keys(ENV)]) delete process.env[name];
  const { db } = await import("@/lib/db/client");
  await db().destroy();
});

function post(handler: Handler, body: unknown, ip: string): Promise<Response> {
  // As our server hands it on behind one proxy: the last entry is the proxy, the one before it the client.
  const headers = { "content-type": "application/json", "x-forwarded-for": `203.0.113.250, ${ip}, 10.0.0.2` };
  return handler(new Request("http://localhost/api/accounts/x", { method: "POST", headers, body: JSON.stringify(body) }));
}

async function expect429(res: Response, message: RegExp) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(600);
  const body = await res.json();
  expect(body.error).toBe("rate_limited");
  expect(body.message).toMatch(message);
}

let n = 0;
const fresh = () => `limits.${++n}.${Date.now().toString(36)}@limits.example.test`;
const signUpBody = (email: string) => ({ orgName: "Limits Org", name: "Ana", email, password: "a-long-fake-password" });

describe("per client address", () => {
  it("refuses the fifth sign-up from one address, while another address still signs up", async () => {
    for (let i = 0; i < 4; i++) expect((await post(signup, signUpBody(fresh()), "192.0.2.10")).status).toBe(201);
    const email = fresh();
    await expect429(await post(signup, signUpBody(email), "192.0.2.10"), /Too many sign-ups and account e-mails asked for from your network/);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
    expect((await post(signup, signUpBody(fresh()), "192.0.2.11")).status).toBe(201);
  });

  it("does not count a sign-up sent back for a typo", async () => {
    for (let i = 0; i < 6; i++) expect((await post(signup, { ...signUpBody(fresh()), password: "short" }, "192.0.2.20")).status).toBe(400);
    expect((await post(signup, signUpBody(fresh()), "192.0.2.20")).status).toBe(201);
  });

  it("counts password links and new confirmation links on the same allowance", async () => {
    for (let i = 0; i < 2; i++) expect((await post(forgot, { email: fresh() }, "192.0.2.30")).status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await post(resend, { email: fresh() }, "192.0.2.30")).status).toBe(201);
    await expect429(await post(forgot, { email: fresh() }, "192.0.2.30"), /from your network/);
  });
});

describe("per e-mail address", () => {
  it("refuses a third mail to one address from anywhere, alike for an address with an account and one without", async () => {
    const taken = fresh();
    expect((await post(signup, signUpBody(taken), "192.0.2.40")).status).toBe(201);
    expect((await post(forgot, { email: taken }, "192.0.2.41")).status).toBe(201);
    const refusedTaken = await post(forgot, { email: taken.toUpperCase() }, "192.0.2.42");

    const nobody = fresh();
    expect((await post(forgot, { email: nobody }, "192.0.2.43")).status).toBe(201);
    expect((await post(forgot, { email: nobody }, "192.0.2.44")).status).toBe(201);
    const refusedNobody = await post(forgot, { email: nobody }, "192.0.2.45");

    await expect429(refusedTaken.clone(), /for this e-mail address/);
    await expect429(refusedNobody.clone(), /for this e-mail address/);
    const [a, b] = await Promise.all([refusedTaken.json(), refusedNobody.json()]);
    expect({ ...a, retryAfter: 0 }).toEqual({ ...b, retryAfter: 0 });
  });
});
