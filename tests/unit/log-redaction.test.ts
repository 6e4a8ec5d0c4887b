// What reaches the log output, captured from pino itself with the app's options.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: "info", destination: stream });
  return { logger, text: () => lines.join("") };
}

// Obviously fake values, each unique so a leak anywhere is found.
const SECRETS = {
  apiKey: "fake-api-key-value-0001",
  secretKey: "fake-secret-key-value-0002",
  stripeSecret: "sk_test_fakeStripeSecret0003",
  webhookSecret: "whsec_fakeWebhookSecret0004",
  clientSecret: "fake-client-secret-0005",
  accessToken: "fake-access-token-0006",
  refreshToken: "fake-refresh-token-0007",
  idToken: "fake-id-token-0008",
  password: "fake-password-0009",
  privateKey: "fake-private-key-material-0010",
  signingSecret: "fake-signing-secret-0011",
  bearer: "fake-bearer-credential-0012",
  cookie: "fake-session-cookie-0013",
  xApiKey: "sbk_fakeOrganizationKey0014",
  deepToken: "fake-deep-token-0015",
  authToken: "fake-twilio-auth-token-0016",
  inText: "fake-token-in-a-sentence-0017",
  urlPassword: "fake-db-password-0018",
  sessionToken: "fake-session-token-0019",
};

function expectNoSecret(text: string) {
  for (const [name, value] of Object.entries(SECRETS)) expect(text, `${name} leaked`).not.toContain(value);
}

describe("log redaction", () => {
  it("redacts every credential field name at any depth, in any spelling", () => {
    const { logger, text } = capture();
    logger.info(
      {
        connectionId: "conn-1",
        keyId: "k2026",
        connection: {
          credentials: { apiKey: SECRETS.apiKey },
          settings: { secret_key: SECRETS.secretKey, stripe: { secretKey: SECRETS.stripeSecret } },
        },
        endpoint: { webhookSecret: SECRETS.webhookSecret, signing_secret: SECRETS.signingSecret },
        oauth: { client_secret: SECRETS.clientSecret, tokens: { access_token: SECRETS.accessToken } },
        grant: { refreshToken: SECRETS.refreshToken, id_token: SECRETS.idToken },
        form: { user: { password: SECRETS.password } },
        gcp: { private_key: SECRETS.privateKey },
        twilio: { authToken: SECRETS.authToken },
        request: {
          headers: { Authorization: `Bearer ${SECRETS.bearer}`, Cookie: `next-auth.session-token=${SECRETS.cookie}`, "X-API-Key": SECRETS.xApiKey },
        },
        batch: [{ item: { nested: { deeper: { token: SECRETS.deepToken } } } }],
        note: `the provider said: invalid refresh_token=${SECRETS.inText}`,
        databaseUrl: `postgresql://app:${SECRETS.urlPassword}@db.example.test:5432/app`,
        jwt: { sessionToken: SECRETS.sessionToken },
      },
      "calling the provider",
    );
    const out = text();
    expectNoSecret(out);
    expect(out).toContain("conn-1");
    expect(out).toContain("k2026");
    expect(out).toContain("calling the provider");
  });

  it("serialises the whole cause chain of a wrapped error, redacted", () => {
    const { logger, text } = capture();
    const root = Object.assign(new Error(`401 from the provider for Authorization: Bearer ${SECRETS.bearer}`), {
      token: SECRETS.accessToken,
      response: { headers: { authorization: `Bearer ${SECRETS.bearer}` }, body: { error: "invalid_grant", refresh_token: SECRETS.refreshToken } },
    });
    const middle = new Error(`token exchange failed (client_secret=${SECRETS.clientSecret})`, { cause: root });
    const top = new Error("could not refresh the connection", { cause: middle });
    logger.error({ err: top }, "refresh failed");
    logger.error({ job: { attempt: 2, error: top } }, "job failed");
    logger.error(top);
    const out = text();
    expectNoSecret(out);
    for (const line of out.trim().split("\n")) {
      expect(line).toContain("could not refresh the connection");
      expect(line).toContain("token exchange failed");
      expect(line).toContain("401 from the provider");
      expect(line).toContain("invalid_grant");
    }
  });

  it("redacts secrets in the message text and in a child logger's bindings", () => {
    const { logger, text } = capture();
    logger.warn(`retrying with Authorization: Bearer ${SECRETS.bearer}`);
    logger.child({ credentials: { password: SECRETS.password } }).info("child");
    expectNoSecret(text());
  });
});
